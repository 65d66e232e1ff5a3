namespace VlSearch.Training;

/// <summary>Architecture and schedule of a <see cref="DualEncoderTrainer"/> run. Defaults train the shipped model.</summary>
public sealed record DualEncoderOptions
{
    /// <summary>Seeds weights, scenes and batch order; the same seed reproduces the same model.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Passes; each pass draws <see cref="SamplesPerEpoch"/> fresh training scenes.</summary>
    public int Epochs { get; init; } = 10;

    public int SamplesPerEpoch { get; init; } = 10240;

    /// <summary>Pairs per step; every other pair in the batch is a negative for the contrastive loss.</summary>
    public int BatchSize { get; init; } = 256;

    public float LearningRate { get; init; } = 2e-3f;

    /// <summary>Scenes held out for the metrics reported after each epoch (validation split).</summary>
    public int ValidationSamples { get; init; } = 1000;

    /// <summary>Test-split scenes scored at the end (0 skips it).</summary>
    public int TestSamples { get; init; } = 1000;

    /// <summary>Embedding dimension of both towers.</summary>
    public int EmbedDimension { get; init; } = 64;

    /// <summary>Channels of the two image convolutions.</summary>
    public int ImageChannels1 { get; init; } = 24;

    public int ImageChannels2 { get; init; } = 32;

    public int ImageHidden { get; init; } = 128;

    /// <summary>
    /// Channels of the image tower's optional global branch: a shared 3×3 convolution max-pooled over every position,
    /// so "there is a star" can be learned once rather than once per grid cell by the dense layer. 0, the shipped
    /// model's layout, leaves it out.
    /// </summary>
    public int GlobalChannels { get; init; }

    /// <summary>
    /// Weight of the auxiliary word-prediction loss (<see cref="WordPredictionHead"/>) added to the contrastive loss; 0
    /// trains with the contrastive loss alone.
    /// </summary>
    public float WordLossWeight { get; init; }

    /// <summary>Token embedding width and text convolution width.</summary>
    public int TokenDimension { get; init; } = 64;

    public int TextWidth { get; init; } = 96;

    /// <summary>Tokens per text including start and end; written to the exported config.</summary>
    public int ContextLength { get; init; } = 32;

    /// <summary>Captions used to learn the BPE merges.</summary>
    public int VocabularyCorpus { get; init; } = 20000;

    /// <summary>Model name written into the exported config (becomes the model id).</summary>
    public string ModelName { get; init; } = "vlsearch-tiny";
}
