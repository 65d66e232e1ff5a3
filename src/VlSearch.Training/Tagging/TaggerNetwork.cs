using System.Numerics.Tensors;
using VlSearch.Onnx.Tagging;

namespace VlSearch.Training.Tagging;

/// <summary>
/// The tagger's trainable heads over a 7×7 feature grid (frozen, or made by a trained second convolution: see the
/// constructor): per cell a 3×3 convolution (the cell and its
/// neighbours, so a large shape is seen whole) with ReLU, then a dense layer to the class logits (the shapes and
/// "no object"), the attribute logits and four raw box values. The box is the cell's corner plus a sigmoid offset
/// for the centre, and a sigmoid of half the image for the size. Forward and backward on the CPU, one scene at a time.
/// </summary>
internal sealed class TaggerNetwork
{
    public const int Grid = 7;
    public const int Cells = Grid * Grid;
    public static readonly int Classes = TaggerVocabulary.Objects.Count;
    public static readonly int AttributeCount = TaggerVocabulary.Attributes.Count;
    public static readonly int OutputWidth = Classes + 1 + AttributeCount + 4;

    /// <summary>Box sizes are a sigmoid times this (relative to the image).</summary>
    public const float MaxSize = 0.5f;

    /// <summary>Weight of the box loss, measured in cell units.</summary>
    public const float BoxWeight = 5f;

    private readonly List<ParameterSlice> _slices = [];

    /// <param name="featureWidth">Channels of one grid cell.</param>
    /// <param name="hidden">Width of the hidden layer.</param>
    /// <param name="conv2">
    /// When given, the dual encoder's second convolution is trained too (from its weights): the input is then the first
    /// convolution's output and the grid is this convolution's, rearranged 2×2 space-to-depth.
    /// </param>
    public TaggerNetwork(int featureWidth, int hidden, ConvShape? conv2 = null)
    {
        FeatureWidth = featureWidth;
        Hidden = hidden;
        InputScale = new float[featureWidth];
        Array.Fill(InputScale, 1f);
        if (conv2 is { } c)
        {
            if (c.OutChannels * 4 != featureWidth || c.OutHeight != 2 * Grid || c.OutWidth != 2 * Grid)
            {
                throw new ArgumentException($"A {c.OutChannels}-channel {c.OutHeight}×{c.OutWidth} convolution does not make a {Grid}×{Grid} grid of {featureWidth} channels.", nameof(conv2));
            }

            Conv2 = c;
            Conv2W = Add("conv2.weight", c.OutChannels, c.Patch);
            Conv2B = Add("conv2.bias", c.OutChannels);
        }

        W1 = Add("head1.weight", hidden, 9 * featureWidth);
        B1 = Add("head1.bias", hidden);
        W2 = Add("head2.weight", OutputWidth, hidden);
        B2 = Add("head2.bias", OutputWidth);
        Values = new float[Count];
    }

    public int FeatureWidth { get; }

    public int Hidden { get; }

    public int InputWidth => 9 * FeatureWidth;

    public int Count { get; private set; }

    public float[] Values { get; }

    public IReadOnlyList<ParameterSlice> Slices => _slices;

    /// <summary>Per feature channel, the factor that brings the frozen features to unit scale (not trained; folded into head1 on export).</summary>
    public float[] InputScale { get; }

    /// <summary>The trained second convolution, or null when the grid is frozen.</summary>
    public ConvShape? Conv2 { get; }

    public ParameterSlice? Conv2W { get; }

    public ParameterSlice? Conv2B { get; }

    public ParameterSlice W1 { get; }

    public ParameterSlice B1 { get; }

    public ParameterSlice W2 { get; }

    public ParameterSlice B2 { get; }

    public void Initialize(int seed)
    {
        var rng = new Rng(seed, 9100, 0);
        foreach (var slice in new[] { W1, W2 })
        {
            var scale = MathF.Sqrt(2f / slice.Shape[1]);
            var values = slice.Of(Values);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = rng.NextGaussian() * scale;
            }
        }

        B1.Of(Values).Clear();
        B2.Of(Values).Clear();
    }

    /// <summary>Sets <see cref="InputScale"/> to the inverse root-mean-square of each channel over the given feature grids.</summary>
    public void FitInputScale(IReadOnlyList<float[]> features)
    {
        var sums = new double[FeatureWidth];
        long rows = 0;
        foreach (var grid in features)
        {
            for (var cell = 0; cell < Cells; cell++)
            {
                for (var f = 0; f < FeatureWidth; f++)
                {
                    var v = grid[(cell * FeatureWidth) + f];
                    sums[f] += v * v;
                }
            }

            rows += Cells;
        }

        for (var f = 0; f < FeatureWidth; f++)
        {
            InputScale[f] = (float)(1 / (Math.Sqrt(sums[f] / Math.Max(1, rows)) + 1e-3));
        }
    }

    /// <summary>Runs the trained second convolution on the first one's output (after ReLU), then the heads.</summary>
    public void ForwardFromConv1(ReadOnlySpan<float> conv1, TaggerActivations a)
    {
        var c = Conv2 ?? throw new InvalidOperationException("This network has no trained convolution.");
        NetOps.Im2Col(c, conv1, a.Col2);
        NetOps.MatMulBias(Conv2W!.Of(Values), Conv2B!.Of(Values), a.Col2, c.OutChannels, c.Patch, c.Positions, a.Out2);
        NetOps.Relu(a.Out2);
        var side = c.OutWidth;
        for (var cell = 0; cell < Cells; cell++)
        {
            var (cy, cx) = (cell / Grid, cell % Grid);
            for (var block = 0; block < 4; block++)
            {
                var (by, bx) = (block / 2, block % 2);
                for (var channel = 0; channel < c.OutChannels; channel++)
                {
                    a.Grid[(cell * FeatureWidth) + (block * c.OutChannels) + channel] = a.Out2[(((channel * side) + (2 * cy) + by) * side) + (2 * cx) + bx];
                }
            }
        }

        Forward(a.Grid, a);
    }

    /// <summary>Runs the heads on one scene's feature grid ([cells, feature width], row-major cells).</summary>
    public void Forward(ReadOnlySpan<float> features, TaggerActivations a)
    {
        var w1 = W1.Of(Values);
        var b1 = B1.Of(Values);
        var w2 = W2.Of(Values);
        var b2 = B2.Of(Values);
        var f = FeatureWidth;
        for (var cell = 0; cell < Cells; cell++)
        {
            var input = a.Inputs.AsSpan(cell * InputWidth, InputWidth);
            var (row, column) = (cell / Grid, cell % Grid);
            for (var tap = 0; tap < 9; tap++)
            {
                var (y, x) = (row + (tap / 3) - 1, column + (tap % 3) - 1);
                var slot = input.Slice(tap * f, f);
                if (y is < 0 or >= Grid || x is < 0 or >= Grid)
                {
                    slot.Clear();
                }
                else
                {
                    TensorPrimitives.Multiply(features.Slice(((y * Grid) + x) * f, f), InputScale, slot);
                }
            }

            var hidden = a.Hidden.AsSpan(cell * Hidden, Hidden);
            for (var h = 0; h < Hidden; h++)
            {
                hidden[h] = Math.Max(0f, b1[h] + TensorPrimitives.Dot(w1.Slice(h * InputWidth, InputWidth), input));
            }

            var output = a.Outputs.AsSpan(cell * OutputWidth, OutputWidth);
            for (var o = 0; o < OutputWidth; o++)
            {
                output[o] = b2[o] + TensorPrimitives.Dot(w2.Slice(o * Hidden, Hidden), hidden);
            }
        }
    }

    /// <summary>The box of a cell from its raw outputs: centre x, centre y, width, height relative to the image.</summary>
    public static void Box(int cell, ReadOnlySpan<float> raw, Span<float> box)
    {
        box[0] = ((cell % Grid) + Sigmoid(raw[0])) / Grid;
        box[1] = ((cell / Grid) + Sigmoid(raw[1])) / Grid;
        box[2] = Sigmoid(raw[2]) * MaxSize;
        box[3] = Sigmoid(raw[3]) * MaxSize;
    }

    /// <summary>
    /// Loss of the scene from the last <see cref="Forward"/> (cross-entropy of every cell's class; for object cells
    /// also attribute binary cross-entropy and squared box error in cell units), times <paramref name="weight"/>;
    /// adds its gradient into <paramref name="grad"/>.
    /// </summary>
    public float Backward(TaggerActivations a, IReadOnlyList<TaggerTarget> targets, float weight, Span<float> grad)
    {
        var w1 = W1.Of(Values);
        var w2 = W2.Of(Values);
        var gw1 = W1.Of(grad);
        if (Conv2 is not null)
        {
            Array.Clear(a.DGrid);
        }

        var gb1 = B1.Of(grad);
        var gw2 = W2.Of(grad);
        var gb2 = B2.Of(grad);
        var loss = 0f;
        Span<float> box = stackalloc float[4];
        for (var cell = 0; cell < Cells; cell++)
        {
            var target = targets[cell];
            var output = a.Outputs.AsSpan(cell * OutputWidth, OutputWidth);
            var d = a.DOutputs.AsSpan();
            d.Clear();
            var p = a.Probabilities.AsSpan();
            DetectorDecoding.Softmax(output[..(Classes + 1)], p);
            loss -= MathF.Log(Math.Max(p[target.Class], 1e-12f));
            for (var k = 0; k <= Classes; k++)
            {
                d[k] = p[k] - (k == target.Class ? 1f : 0f);
            }

            if (target.IsObject)
            {
                for (var attribute = 0; attribute < AttributeCount; attribute++)
                {
                    var z = output[Classes + 1 + attribute];
                    var y = Array.IndexOf(target.Attributes, attribute) >= 0 ? 1f : 0f;
                    loss += Math.Max(z, 0) - (z * y) + MathF.Log(1 + MathF.Exp(-MathF.Abs(z)));
                    d[Classes + 1 + attribute] = Sigmoid(z) - y;
                }

                var rawStart = Classes + 1 + AttributeCount;
                Box(cell, output[rawStart..], box);
                for (var j = 0; j < 4; j++)
                {
                    var s = Sigmoid(output[rawStart + j]);
                    var difference = (box[j] - target.Box[j]) * Grid;
                    loss += 0.5f * BoxWeight * difference * difference;
                    var slope = j < 2 ? 1f : MaxSize * Grid;
                    d[rawStart + j] = BoxWeight * difference * slope * s * (1 - s);
                }
            }

            TensorPrimitives.Multiply(d, weight, d);
            var hidden = a.Hidden.AsSpan(cell * Hidden, Hidden);
            var dHidden = a.DHidden.AsSpan();
            dHidden.Clear();
            for (var o = 0; o < OutputWidth; o++)
            {
                if (d[o] == 0f)
                {
                    continue;
                }

                TensorPrimitives.MultiplyAdd(hidden, d[o], gw2.Slice(o * Hidden, Hidden), gw2.Slice(o * Hidden, Hidden));
                TensorPrimitives.MultiplyAdd(w2.Slice(o * Hidden, Hidden), d[o], dHidden, dHidden);
                gb2[o] += d[o];
            }

            var input = a.Inputs.AsSpan(cell * InputWidth, InputWidth);
            var dInput = a.DInput.AsSpan();
            dInput.Clear();
            for (var h = 0; h < Hidden; h++)
            {
                if (hidden[h] <= 0f || dHidden[h] == 0f)
                {
                    continue;
                }

                TensorPrimitives.MultiplyAdd(input, dHidden[h], gw1.Slice(h * InputWidth, InputWidth), gw1.Slice(h * InputWidth, InputWidth));
                gb1[h] += dHidden[h];
                if (Conv2 is not null)
                {
                    TensorPrimitives.MultiplyAdd(w1.Slice(h * InputWidth, InputWidth), dHidden[h], dInput, dInput);
                }
            }

            if (Conv2 is not null)
            {
                ScatterInput(cell, dInput, a.DGrid);
            }
        }

        if (Conv2 is { } c)
        {
            ConvBackward(c, a, grad);
        }

        return loss * weight;
    }

    /// <summary>Adds a cell's input gradient to the grid cells its 3×3 neighbourhood read, through the input scale.</summary>
    private void ScatterInput(int cell, ReadOnlySpan<float> dInput, Span<float> dGrid)
    {
        var f = FeatureWidth;
        var (row, column) = (cell / Grid, cell % Grid);
        for (var tap = 0; tap < 9; tap++)
        {
            var (y, x) = (row + (tap / 3) - 1, column + (tap % 3) - 1);
            if (y is < 0 or >= Grid || x is < 0 or >= Grid)
            {
                continue;
            }

            var target = dGrid.Slice(((y * Grid) + x) * f, f);
            TensorPrimitives.MultiplyAdd(dInput.Slice(tap * f, f), InputScale, target, target);
        }
    }

    /// <summary>Back through the space-to-depth, the ReLU and the trained convolution.</summary>
    private void ConvBackward(ConvShape c, TaggerActivations a, Span<float> grad)
    {
        var side = c.OutWidth;
        for (var cell = 0; cell < Cells; cell++)
        {
            var (cy, cx) = (cell / Grid, cell % Grid);
            for (var block = 0; block < 4; block++)
            {
                var (by, bx) = (block / 2, block % 2);
                for (var channel = 0; channel < c.OutChannels; channel++)
                {
                    a.DOut2[(((channel * side) + (2 * cy) + by) * side) + (2 * cx) + bx] = a.DGrid[(cell * FeatureWidth) + (block * c.OutChannels) + channel];
                }
            }
        }

        NetOps.ReluBackward(a.Out2, a.DOut2);
        NetOps.MatMulBiasBackward(Conv2W!.Of(Values), a.Col2, a.DOut2, c.OutChannels, c.Patch, c.Positions, Conv2W.Of(grad), Conv2B!.Of(grad), default);
    }

    public static float Sigmoid(float x) => x >= 0 ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));

    private ParameterSlice Add(string name, params int[] shape)
    {
        var length = shape.Aggregate(1, (x, y) => x * y);
        var slice = new ParameterSlice(name, Count, length, shape);
        Count += length;
        _slices.Add(slice);
        return slice;
    }
}
