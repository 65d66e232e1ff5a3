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
        // The global branch's buffers stay empty in a shape without it.
        var global = s.GlobalChannels > 0;
        Col3 = new float[global ? s.Conv3.Patch * s.Conv3.Positions : 0];
        DCol3 = new float[Col3.Length];
        Out3 = new float[s.Conv3.OutputLength];
        DOut3 = new float[s.Conv3.OutputLength];
        DOut2Global = new float[global ? s.Conv2.OutputLength : 0];
        MaxAt = new int[s.GlobalChannels];
        Pooled = new float[s.ImageFeatures];
        DPooled = new float[s.ImageFeatures];
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

    public float[] Col3 { get; }

    public float[] DCol3 { get; }

    public float[] Out3 { get; }

    public float[] DOut3 { get; }

    /// <summary>The global branch's share of the second convolution's gradient.</summary>
    public float[] DOut2Global { get; }

    /// <summary>Position of each global channel's maximum (where its gradient goes).</summary>
    public int[] MaxAt { get; }

    /// <summary>The first dense layer's input: the pooled grid followed by the global maxima.</summary>
    public float[] Pooled { get; }

    public float[] DPooled { get; }

    public float[] Hidden { get; }

    public float[] DHidden { get; }

    public float[] Projected { get; }

    public float[] DProjected { get; }

    public float[] Embedding { get; }

    public float Norm { get; set; }
}
