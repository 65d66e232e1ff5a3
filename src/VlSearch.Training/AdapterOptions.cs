namespace VlSearch.Training;

/// <summary>Settings of <see cref="AdapterTrainer"/>.</summary>
public sealed record AdapterOptions
{
    /// <summary>Rank of the low-rank update A·B on each side.</summary>
    public int Rank { get; init; } = 8;

    /// <summary>Full-batch optimization steps.</summary>
    public int Steps { get; init; } = 300;

    public float LearningRate { get; init; } = 5e-3f;

    /// <summary>L2 penalty on the update, keeping the adapted space close to the original one.</summary>
    public float WeightDecay { get; init; } = 1e-3f;

    /// <summary>Fixed inverse temperature of the contrastive loss.</summary>
    public float LogitScale { get; init; } = 30f;

    /// <summary>Also adapt image vectors (otherwise only queries are transformed).</summary>
    public bool AdaptImages { get; init; } = true;

    public int Seed { get; init; } = 1;
}
