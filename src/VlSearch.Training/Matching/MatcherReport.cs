namespace VlSearch.Training.Matching;

/// <summary>What a <see cref="MatcherTrainer"/> run did and how well the result reranks.</summary>
public sealed record MatcherReport
{
    public required string Model { get; init; }

    public required string DualEncoder { get; init; }

    public required MatcherOptions Options { get; init; }

    public required int Parameters { get; init; }

    public required int VocabularySize { get; init; }

    public required double TrainingSeconds { get; init; }

    /// <summary>Mean ITM loss over each tenth of the schedule.</summary>
    public required IReadOnlyList<double> Losses { get; init; }

    /// <summary>Test split: the dual encoder's ranking, and the same with its top K reranked (cosine + ITM probability).</summary>
    public RetrievalMetrics? TestVector { get; init; }

    public RetrievalMetrics? TestReranked { get; init; }

    /// <summary>Compositional twins (swapped colours, sizes, places): the dual encoder and the reranked ranking.</summary>
    public RetrievalMetrics? CompositionalVector { get; init; }

    public RetrievalMetrics? CompositionalReranked { get; init; }
}
