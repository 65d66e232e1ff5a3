namespace VlSearch.Training.Matching;

/// <summary>Forward values of one (text, image) pair kept for the backward pass, and scratch for it.</summary>
internal sealed class MatcherActivations
{
    public MatcherActivations(MatcherShape s)
    {
        var t = s.MaxLength;
        var d = s.Width;
        var n = s.FeatureTokens;
        var layers = MatcherShape.ContextLayers;
        X = [.. Enumerable.Range(0, layers + 1).Select(_ => new float[t * d])];
        Cols = [.. Enumerable.Range(0, layers).Select(_ => new float[t * 3 * d])];
        Convs = [.. Enumerable.Range(0, layers).Select(_ => new float[t * d])];
        G = new float[n * d];
        K = new float[n * d];
        V = new float[n * d];
        Q = new float[t * d];
        A = new float[t * n];
        Z = new float[t * d];
        U = new float[t * s.Hidden];
        Pooled = new float[s.Hidden];
        DX = new float[t * d];
        DNext = new float[t * d];
        DZ = new float[t * d];
        DQ = new float[t * d];
        DK = new float[n * d];
        DV = new float[n * d];
        DG = new float[n * d];
        DCol = new float[3 * d];
        DPre = new float[s.Hidden];
        DA = new float[n];
        DPooled = new float[s.Hidden];
        Lse = new float[t];
        InverseStd = new float[n];
        Product = new float[t * d];
        DProduct = new float[d];
        DLse = new float[t];
    }

    public int[] Ids { get; set; } = [];

    public int Length { get; set; }

    public float[] Features { get; set; } = [];

    /// <summary>Text token states: input, then after each context layer ([length, width] each).</summary>
    public float[][] X { get; }

    public float[][] Cols { get; }

    public float[][] Convs { get; }

    /// <summary>Per text token, the log-sum-exp of its attention scores.</summary>
    public float[] Lse { get; }

    public float[] DLse { get; }

    /// <summary>Per image token, 1/σ of its layer normalization.</summary>
    public float[] InverseStd { get; }

    /// <summary>Per text token, its state times what it found (x ⊙ z).</summary>
    public float[] Product { get; }

    public float[] DProduct { get; }

    public float[] G { get; }

    public float[] K { get; }

    public float[] V { get; }

    public float[] Q { get; }

    public float[] A { get; }

    public float[] Z { get; }

    public float[] U { get; }

    public float[] Pooled { get; }

    public float[] Logits { get; } = new float[2];

    public float[] DX { get; }

    public float[] DNext { get; }

    public float[] DZ { get; }

    public float[] DQ { get; }

    public float[] DK { get; }

    public float[] DV { get; }

    public float[] DG { get; }

    public float[] DCol { get; }

    public float[] DPre { get; }

    public float[] DA { get; }

    public float[] DPooled { get; private set; } = [];
}
