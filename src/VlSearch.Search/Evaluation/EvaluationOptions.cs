using VlSearch.Core;

namespace VlSearch.Search.Evaluation;

/// <summary>How <see cref="SearchEvaluator"/> runs a query set.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The model whose collection the vector retriever searches.</summary>
    public required IEmbeddingModel Model { get; init; }

    /// <summary>
    /// Maps a hit's absolute path to the judgments' relative path ('/' separators); null for a photo outside the
    /// evaluated library (it then counts as not relevant).
    /// </summary>
    public required Func<string, string?> RelativePath { get; init; }

    /// <summary>Hits asked of each search; MRR looks this deep, the other measures 10 deep.</summary>
    public int Depth { get; init; } = 100;

    /// <summary>Untimed searches per configuration before the timed ones (JIT, caches).</summary>
    public int WarmUp { get; init; } = 3;
}
