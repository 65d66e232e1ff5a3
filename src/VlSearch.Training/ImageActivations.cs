namespace VlSearch.Training;

/// <summary>Per-sample buffers of the image tower, kept from the forward pass for the backward pass.</summary>
internal sealed class ImageActivations
{
    public ImageActivations(NetworkShape s)
    {
        Col1 = new float[s.Conv1.Patch * s.Conv1.Positions];
        Out1 = new float[s.Conv1.OutputLength];
        DOut1 = new float[s.Conv1.OutputLength];
        Col2 = new float[s.Conv2.Patch * s.Conv2.Positions];
        DCol2 = new float[Col2.Length];
        Out2 = new float[s.Conv2.OutputLength];
        DOut2 = new float[s.Conv2.OutputLength];
        Pooled = new float[s.Flattened];
        DPooled = new float[s.Flattened];
        Hidden = new float[s.ImageHidden];
        DHidden = new float[s.ImageHidden];
        Projected = new float[s.EmbedDimension];
        DProjected = new float[s.EmbedDimension];
        Embedding = new float[s.EmbedDimension];
    }

    public float[] Col1 { get; }

    public float[] Out1 { get; }

    public float[] DOut1 { get; }

    public float[] Col2 { get; }

    public float[] DCol2 { get; }

    public float[] Out2 { get; }

    public float[] DOut2 { get; }

    public float[] Pooled { get; }

    public float[] DPooled { get; }

    public float[] Hidden { get; }

    public float[] DHidden { get; }

    public float[] Projected { get; }

    public float[] DProjected { get; }

    public float[] Embedding { get; }

    public float Norm { get; set; }
}
