namespace VlSearch.Training.Tagging;

/// <summary>Per-scene buffers of the tagger, kept from the forward pass for the backward pass.</summary>
internal sealed class TaggerActivations
{
    public TaggerActivations(TaggerNetwork net)
    {
        var cells = TaggerNetwork.Cells;
        Inputs = new float[cells * net.InputWidth];
        Hidden = new float[cells * net.Hidden];
        Outputs = new float[cells * TaggerNetwork.OutputWidth];
        DOutputs = new float[TaggerNetwork.OutputWidth];
        DHidden = new float[net.Hidden];
        Probabilities = new float[TaggerNetwork.Classes + 1];
        DInput = new float[net.InputWidth];
        var conv = net.Conv2;
        Col2 = new float[conv is { } c ? c.Patch * c.Positions : 0];
        Out2 = new float[conv?.OutputLength ?? 0];
        DOut2 = new float[Out2.Length];
        Grid = new float[net.Conv2 is null ? 0 : cells * net.FeatureWidth];
        DGrid = new float[Grid.Length];
    }

    /// <summary>One cell's input gradient (when the convolution is trained).</summary>
    public float[] DInput { get; }

    public float[] Col2 { get; }

    public float[] Out2 { get; }

    public float[] DOut2 { get; }

    /// <summary>The trained convolution's grid ([cells, feature width]) and its gradient.</summary>
    public float[] Grid { get; }

    public float[] DGrid { get; }

    /// <summary>Per cell, its 3×3 neighbourhood of scaled features (zeros beyond the grid).</summary>
    public float[] Inputs { get; }

    /// <summary>Per cell, the hidden layer after ReLU.</summary>
    public float[] Hidden { get; }

    /// <summary>Per cell: class logits (last: no object), attribute logits, raw box values.</summary>
    public float[] Outputs { get; }

    public float[] DOutputs { get; }

    public float[] DHidden { get; }

    public float[] Probabilities { get; }
}
