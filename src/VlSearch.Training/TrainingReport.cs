namespace VlSearch.Training;

/// <summary>What a training run did and how well the model retrieves (written as <c>training-report.json</c>).</summary>
public sealed record TrainingReport
{
    public required string Model { get; init; }

    public required DualEncoderOptions Options { get; init; }

    public required int Parameters { get; init; }

    public required int VocabularySize { get; init; }

    public required int Merges { get; init; }

    public required double TrainingSeconds { get; init; }

    /// <summary>Mean loss of each epoch.</summary>
    public required IReadOnlyList<double> EpochLosses { get; init; }

    /// <summary>Text→image metrics on the validation split, computed by the training code's own forward pass.</summary>
    public required RetrievalMetrics Validation { get; init; }

    /// <summary>The same on the test split (null when not requested).</summary>
    public RetrievalMetrics? Test { get; init; }

    public float LogitScale { get; init; }
}
