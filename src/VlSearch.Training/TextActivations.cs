namespace VlSearch.Training;

/// <summary>Per-sample buffers of the text tower, sized for the longest context.</summary>
internal sealed class TextActivations
{
    public TextActivations(NetworkShape s)
    {
        var n = s.ContextLength;
        var widest = Math.Max(s.TokenDimension, s.TextWidth);
        Input = new float[s.TokenDimension * n];
        Cols = [new float[3 * s.TokenDimension * n], new float[3 * s.TextWidth * n], new float[3 * s.TextWidth * n]];
        Outs = [new float[s.TextWidth * n], new float[s.TextWidth * n], new float[s.TextWidth * n]];
        DCol = new float[3 * widest * n];
        DIn = new float[widest * n];
        DOut = new float[widest * n];
        Pooled = new float[s.TextWidth];
        DPooled = new float[s.TextWidth];
        Projected = new float[s.EmbedDimension];
        DProjected = new float[s.EmbedDimension];
        Embedding = new float[s.EmbedDimension];
    }

    public int Length { get; set; }

    public int[] Ids { get; set; } = [];

    public float[] Input { get; }

    public float[][] Cols { get; }

    public float[][] Outs { get; }

    public float[] DCol { get; }

    public float[] DIn { get; }

    public float[] DOut { get; }

    public float[] Pooled { get; }

    public float[] DPooled { get; }

    public float[] Projected { get; }

    public float[] DProjected { get; }

    public float[] Embedding { get; }

    public float Norm { get; set; }
}
