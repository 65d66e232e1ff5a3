namespace VlSearch.Training.Matching;

/// <summary>Architecture and schedule of a <see cref="MatcherTrainer"/> run. Defaults train the shipped model.</summary>
public sealed record MatcherOptions
{
    /// <summary>Seeds weights, scenes and negative sampling; the same seed reproduces the same model byte for byte.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Optimizer steps.</summary>
    public int Steps { get; init; } = 2400;

    /// <summary>
    /// Scenes per step; each gives one positive pair and three negatives (a text and an image mined by the dual
    /// encoder, and a caption with one attribute changed), and a pair scene its colour, size and place swaps too.
    /// </summary>
    public int ScenesPerStep { get; init; } = 64;

    public float LearningRate { get; init; } = 5e-3f;

    /// <summary>Width of text tokens, projected image tokens and attention.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Width of the per-token fusion layer.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Text tokens at most ([ENC] and [SEP] included), BLIP's retrieval length.</summary>
    public int MaxLength { get; init; } = 35;

    /// <summary>Captions the WordPiece vocabulary is collected from.</summary>
    public int VocabularyCorpus { get; init; } = 20000;

    /// <summary>Scenes of the validation and test splits scored at the end (0 skips them).</summary>
    public int EvaluationScenes { get; init; } = 1000;

    /// <summary>Candidates per query the evaluation reranks (the dual encoder's top K).</summary>
    public int EvaluationDepth { get; init; } = 50;

    /// <summary>Twin pairs of the compositional evaluation set (0 skips it).</summary>
    public int CompositionalPairs { get; init; } = 300;

    /// <summary>Model name written into the exported config (becomes the model id).</summary>
    public string ModelName { get; init; } = "vlsearch-tiny-itm";
}
