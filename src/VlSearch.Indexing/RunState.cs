using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>One run over one library with one model, and what it has done so far.</summary>
internal sealed class RunState(Library library, IEmbeddingModel model, CollectionSpec spec)
{
    public Library Library { get; } = library;

    public IEmbeddingModel Model { get; } = model;

    public CollectionSpec Spec { get; } = spec;

    public long Embedded { get; set; }

    public long Reused { get; set; }

    public long Failed { get; set; }

    /// <summary>Whether vectors are written to the index here; otherwise they stay pending in the catalog.</summary>
    public bool WriteIndex { get; init; } = true;
}
