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
    }

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
