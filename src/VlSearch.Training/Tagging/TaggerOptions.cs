namespace VlSearch.Training.Tagging;

/// <summary>Architecture and schedule of a <see cref="TaggerTrainer"/> run. Defaults train the shipped model.</summary>
public sealed record TaggerOptions
{
    /// <summary>Seeds weights, scenes and the order they are seen in; the same seed reproduces the same model byte for byte.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Training-split scenes whose frozen features are computed once and revisited every epoch.</summary>
    public int TrainScenes { get; init; } = 8000;

    public int Epochs { get; init; } = 10;

    /// <summary>Scenes per optimizer step.</summary>
    public int BatchScenes { get; init; } = 32;

    public float LearningRate { get; init; } = 3e-3f;

    /// <summary>Width of the per-cell hidden layer (a 3×3 convolution over the feature grid).</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Whether the dual encoder's second convolution is trained with the heads (from its weights) rather than kept frozen.</summary>
    public bool TuneConvolution { get; init; } = true;

    /// <summary>Test-split scenes scored at the end (0 skips).</summary>
    public int EvaluationScenes { get; init; } = 1000;

    /// <summary>Model name written into the exported config (becomes the model id).</summary>
    public string ModelName { get; init; } = "vlsearch-tiny-tagger";
}
