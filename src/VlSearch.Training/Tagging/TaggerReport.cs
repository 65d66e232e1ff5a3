namespace VlSearch.Training.Tagging;

/// <summary>What a <see cref="TaggerTrainer"/> run did and how well the result tags the test split.</summary>
public sealed record TaggerReport
{
    public required string Model { get; init; }

    public required string DualEncoder { get; init; }

    public required TaggerOptions Options { get; init; }

    public required int Parameters { get; init; }

    public required double TrainingSeconds { get; init; }

    /// <summary>Mean loss per scene of each epoch.</summary>
    public required IReadOnlyList<double> Losses { get; init; }

    /// <summary>The test split, decoded as the exported model is (score threshold and class-wise suppression).</summary>
    public TaggerMetrics? Test { get; init; }
}
