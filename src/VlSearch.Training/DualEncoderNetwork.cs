using System.Numerics.Tensors;

namespace VlSearch.Training;

/// <summary>
/// The dual encoder: all parameters in one flat array (so Adam and gradient reduction are single loops) and
/// per-sample forward/backward passes of both towers.
/// <para>Image: 4×4 average pool → conv 4×4/2 → ReLU → conv 4×4/2 → ReLU → 2×2 average pool (beside it, when the shape
/// has global channels, conv 3×3/1 → ReLU → global max pool, concatenated) → dense → ReLU → dense → L2 normalize.</para>
/// <para>Text: token embedding → three width-3 convolutions over positions (dilation 1, 2, 4; each input masked to
/// the real tokens) with ReLU → masked mean → dense → L2 normalize.</para>
/// </summary>
internal sealed class DualEncoderNetwork
{
    private readonly List<ParameterSlice> _slices = [];

    public DualEncoderNetwork(NetworkShape shape)
    {
        Shape = shape;
        var c1 = shape.Conv1;
        var c2 = shape.Conv2;
        Conv1W = Add("conv1.weight", c1.OutChannels, c1.InChannels, c1.KernelH, c1.KernelW);
        Conv1B = Add("conv1.bias", c1.OutChannels);
        Conv2W = Add("conv2.weight", c2.OutChannels, c2.InChannels, c2.KernelH, c2.KernelW);
        Conv2B = Add("conv2.bias", c2.OutChannels);
        if (shape.GlobalChannels > 0)
        {
            var c3 = shape.Conv3;
            Conv3W = Add("conv3.weight", c3.OutChannels, c3.InChannels, c3.KernelH, c3.KernelW);
            Conv3B = Add("conv3.bias", c3.OutChannels);
        }

        Fc1W = Add("image_fc1.weight", shape.ImageHidden, shape.ImageFeatures);
        Fc1B = Add("image_fc1.bias", shape.ImageHidden);
        Fc2W = Add("image_proj.weight", shape.EmbedDimension, shape.ImageHidden);
        Fc2B = Add("image_proj.bias", shape.EmbedDimension);
        TokenEmbedding = Add("token_embedding", shape.Vocabulary, shape.TokenDimension);
        for (var layer = 0; layer < 3; layer++)
        {
            var t = shape.TextConv(layer, shape.ContextLength);
            TextConvW[layer] = Add($"text_conv{layer + 1}.weight", t.OutChannels, t.InChannels, t.KernelH, t.KernelW);
            TextConvB[layer] = Add($"text_conv{layer + 1}.bias", t.OutChannels);
        }

        TextProjW = Add("text_proj.weight", shape.EmbedDimension, shape.TextWidth);
        TextProjB = Add("text_proj.bias", shape.EmbedDimension);
        LogitScale = Add("logit_scale", 1);
        Values = new float[Count];
    }

    public NetworkShape Shape { get; }

    public int Count { get; private set; }

    public float[] Values { get; }

    public IReadOnlyList<ParameterSlice> Slices => _slices;

    public ParameterSlice Conv1W { get; }

    public ParameterSlice Conv1B { get; }

    public ParameterSlice Conv2W { get; }

    public ParameterSlice Conv2B { get; }

    /// <summary>The global branch's convolution; null when the shape has none.</summary>
    public ParameterSlice? Conv3W { get; }

    public ParameterSlice? Conv3B { get; }

    public ParameterSlice Fc1W { get; }

    public ParameterSlice Fc1B { get; }

    public ParameterSlice Fc2W { get; }

    public ParameterSlice Fc2B { get; }

    public ParameterSlice TokenEmbedding { get; }

    public ParameterSlice[] TextConvW { get; } = new ParameterSlice[3];

    public ParameterSlice[] TextConvB { get; } = new ParameterSlice[3];

    public ParameterSlice TextProjW { get; }

    public ParameterSlice TextProjB { get; }

    /// <summary>log of the softmax temperature's inverse, as in CLIP (initialized to ln(1/0.07)).</summary>
    public ParameterSlice LogitScale { get; }

    /// <summary>Scaled-normal initialization (He for layers followed by ReLU), deterministic in the seed.</summary>
    public void Initialize(int seed)
    {
        var rng = new Rng(seed, 1000, 0);
        void Fill(ParameterSlice p, float std)
        {
            var span = p.Of(Values);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = rng.NextGaussian() * std;
            }
        }

        Fill(Conv1W, MathF.Sqrt(2f / Shape.Conv1.Patch));
        Fill(Conv2W, MathF.Sqrt(2f / Shape.Conv2.Patch));
        if (Conv3W is { } conv3)
        {
            Fill(conv3, MathF.Sqrt(2f / Shape.Conv3.Patch));
        }

        Fill(Fc1W, MathF.Sqrt(2f / Shape.ImageFeatures));
        Fill(Fc2W, MathF.Sqrt(1f / Shape.ImageHidden));
        Fill(TokenEmbedding, 0.5f);
        for (var layer = 0; layer < 3; layer++)
        {
            Fill(TextConvW[layer], MathF.Sqrt(2f / Shape.TextConv(layer, 1).Patch));
        }

        Fill(TextProjW, MathF.Sqrt(1f / Shape.TextWidth));
        LogitScale.Of(Values)[0] = MathF.Log(1f / 0.07f);
    }

    public float Scale => MathF.Exp(MathF.Min(LogitScale.Of(Values)[0], MathF.Log(100f)));

    /// <summary>Embeds one pooled, normalized image ([3, 56, 56]).</summary>
    public void ForwardImage(ReadOnlySpan<float> pooled, ImageActivations a, Span<float> embedding)
    {
        var w = Values.AsSpan();
        var c1 = Shape.Conv1;
        var c2 = Shape.Conv2;
        NetOps.Im2Col(c1, pooled, a.Col1);
        NetOps.MatMulBias(Conv1W.Of(w), Conv1B.Of(w), a.Col1, c1.OutChannels, c1.Patch, c1.Positions, a.Out1);
        NetOps.Relu(a.Out1);
        NetOps.Im2Col(c2, a.Out1, a.Col2);
        NetOps.MatMulBias(Conv2W.Of(w), Conv2B.Of(w), a.Col2, c2.OutChannels, c2.Patch, c2.Positions, a.Out2);
        NetOps.Relu(a.Out2);
        NetOps.AvgPool(a.Out2, c2.OutChannels, c2.OutHeight, c2.OutWidth, 2, a.Pooled);
        if (Conv3W is { } conv3W && Conv3B is { } conv3B)
        {
            var c3 = Shape.Conv3;
            NetOps.Im2Col(c3, a.Out2, a.Col3);
            NetOps.MatMulBias(conv3W.Of(w), conv3B.Of(w), a.Col3, c3.OutChannels, c3.Patch, c3.Positions, a.Out3);
            NetOps.Relu(a.Out3);
            NetOps.GlobalMaxPool(a.Out3, c3.OutChannels, c3.Positions, a.Pooled.AsSpan(Shape.Flattened), a.MaxAt);
        }

        NetOps.Dense(Fc1W.Of(w), Fc1B.Of(w), a.Pooled, a.Hidden);
        NetOps.Relu(a.Hidden);
        NetOps.Dense(Fc2W.Of(w), Fc2B.Of(w), a.Hidden, a.Projected);
        a.Norm = NetOps.Normalize(a.Projected, embedding);
        embedding.CopyTo(a.Embedding);
    }

    /// <summary>Accumulates the image tower's parameter gradients for dLoss/dEmbedding.</summary>
    public void BackwardImage(ImageActivations a, ReadOnlySpan<float> dEmbedding, Span<float> grad)
    {
        var w = Values.AsSpan();
        var c1 = Shape.Conv1;
        var c2 = Shape.Conv2;
        NetOps.NormalizeBackward(a.Embedding, a.Norm, dEmbedding, a.DProjected);
        NetOps.DenseBackward(Fc2W.Of(w), a.Hidden, a.DProjected, Fc2W.Of(grad), Fc2B.Of(grad), a.DHidden);
        NetOps.ReluBackward(a.Hidden, a.DHidden);
        NetOps.DenseBackward(Fc1W.Of(w), a.Pooled, a.DHidden, Fc1W.Of(grad), Fc1B.Of(grad), a.DPooled);
        NetOps.AvgPoolBackward(a.DPooled, c2.OutChannels, c2.OutHeight, c2.OutWidth, 2, a.DOut2);
        if (Conv3W is { } conv3W && Conv3B is { } conv3B)
        {
            var c3 = Shape.Conv3;
            NetOps.GlobalMaxPoolBackward(a.DPooled.AsSpan(Shape.Flattened), a.MaxAt, c3.Positions, a.DOut3);
            NetOps.ReluBackward(a.Out3, a.DOut3);
            NetOps.MatMulBiasBackward(conv3W.Of(w), a.Col3, a.DOut3, c3.OutChannels, c3.Patch, c3.Positions, conv3W.Of(grad), conv3B.Of(grad), a.DCol3);
            NetOps.Col2Im(c3, a.DCol3, a.DOut2Global);
            TensorPrimitives.Add(a.DOut2, a.DOut2Global, a.DOut2);
        }

        NetOps.ReluBackward(a.Out2, a.DOut2);
        NetOps.MatMulBiasBackward(Conv2W.Of(w), a.Col2, a.DOut2, c2.OutChannels, c2.Patch, c2.Positions, Conv2W.Of(grad), Conv2B.Of(grad), a.DCol2);
        NetOps.Col2Im(c2, a.DCol2, a.DOut1);
        NetOps.ReluBackward(a.Out1, a.DOut1);
        NetOps.MatMulBiasBackward(Conv1W.Of(w), a.Col1, a.DOut1, c1.OutChannels, c1.Patch, c1.Positions, Conv1W.Of(grad), Conv1B.Of(grad), default);
    }

    /// <summary>Embeds one token sequence (start … end, no padding).</summary>
    public void ForwardText(ReadOnlySpan<int> ids, TextActivations a, Span<float> embedding)
    {
        var w = Values.AsSpan();
        var length = Math.Min(ids.Length, Shape.ContextLength);
        a.Length = length;
        a.Ids = ids[..length].ToArray();
        var e = Shape.TokenDimension;
        var table = TokenEmbedding.Of(w);
        var x = a.Input.AsSpan(0, e * length);
        for (var t = 0; t < length; t++)
        {
            var row = table.Slice(a.Ids[t] * e, e);
            for (var d = 0; d < e; d++)
            {
                x[(d * length) + t] = row[d];
            }
        }

        ReadOnlySpan<float> current = x;
        for (var layer = 0; layer < 3; layer++)
        {
            var s = Shape.TextConv(layer, length);
            var col = a.Cols[layer].AsSpan(0, s.Patch * length);
            var output = a.Outs[layer].AsSpan(0, s.OutChannels * length);
            NetOps.Im2Col(s, current, col);
            NetOps.MatMulBias(TextConvW[layer].Of(w), TextConvB[layer].Of(w), col, s.OutChannels, s.Patch, length, output);
            NetOps.Relu(output);
            current = output;
        }

        var h = Shape.TextWidth;
        for (var c = 0; c < h; c++)
        {
            a.Pooled[c] = TensorPrimitives.Sum(current.Slice(c * length, length)) / length;
        }

        NetOps.Dense(TextProjW.Of(w), TextProjB.Of(w), a.Pooled, a.Projected);
        a.Norm = NetOps.Normalize(a.Projected, embedding);
        embedding.CopyTo(a.Embedding);
    }

    /// <summary>Accumulates the text tower's parameter gradients for dLoss/dEmbedding.</summary>
    public void BackwardText(TextActivations a, ReadOnlySpan<float> dEmbedding, Span<float> grad)
    {
        var w = Values.AsSpan();
        var length = a.Length;
        var h = Shape.TextWidth;
        NetOps.NormalizeBackward(a.Embedding, a.Norm, dEmbedding, a.DProjected);
        NetOps.DenseBackward(TextProjW.Of(w), a.Pooled, a.DProjected, TextProjW.Of(grad), TextProjB.Of(grad), a.DPooled);
        var dOut = a.DOut.AsSpan(0, h * length);
        for (var c = 0; c < h; c++)
        {
            dOut.Slice(c * length, length).Fill(a.DPooled[c] / length);
        }

        for (var layer = 2; layer >= 0; layer--)
        {
            var s = Shape.TextConv(layer, length);
            var output = a.Outs[layer].AsSpan(0, s.OutChannels * length);
            NetOps.ReluBackward(output, dOut);
            var col = a.Cols[layer].AsSpan(0, s.Patch * length);
            var dCol = a.DCol.AsSpan(0, s.Patch * length);
            NetOps.MatMulBiasBackward(TextConvW[layer].Of(w), col, dOut, s.OutChannels, s.Patch, length, TextConvW[layer].Of(grad), TextConvB[layer].Of(grad), dCol);
            var dIn = a.DIn.AsSpan(0, s.InChannels * length);
            NetOps.Col2Im(s, dCol, dIn);
            dIn.CopyTo(a.DOut.AsSpan(0, dIn.Length));
            dOut = a.DOut.AsSpan(0, dIn.Length);
        }

        var e = Shape.TokenDimension;
        var table = TokenEmbedding.Of(grad);
        for (var t = 0; t < length; t++)
        {
            var row = table.Slice(a.Ids[t] * e, e);
            for (var d = 0; d < e; d++)
            {
                row[d] += dOut[(d * length) + t];
            }
        }
    }

    private ParameterSlice Add(string name, params int[] shape)
    {
        var length = shape.Aggregate(1, (a, b) => a * b);
        var slice = new ParameterSlice(name, Count, length, shape);
        Count += length;
        _slices.Add(slice);
        return slice;
    }
}
