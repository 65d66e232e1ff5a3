namespace VlSearch.Indexing;

/// <summary>What a scan found in a library and what is left to embed (see <see cref="PhotoIndexer.PlanLibraryAsync"/>).</summary>
public sealed class LibraryPlan
{
    public int LibraryId { get; init; }

    public required string Library { get; init; }

    public required string Model { get; init; }

    public long Scanned { get; init; }

    public long Unchanged { get; init; }

    /// <summary>Moved files and copies whose vectors were reused without embedding.</summary>
    public long Reused { get; init; }

    public long Removed { get; init; }

    public long Failed { get; init; }

    public long SkippedKnownBad { get; init; }

    /// <summary>Absolute paths of the files that still need the model's embedding.</summary>
    public required IReadOnlyList<string> ToEmbed { get; init; }
}
