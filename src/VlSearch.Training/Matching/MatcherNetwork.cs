using System.Numerics.Tensors;

namespace VlSearch.Training.Matching;

/// <summary>
/// The project's image–text matching cross-encoder, all parameters in one flat array, with per-pair forward and
/// backward passes.
/// <para>Text: token + position embeddings → three residual width-3 convolutions over positions (dilation 1, 2, 4) with
/// ReLU, so each token knows its neighbours ("red" next to "circle", "left of" before "square").</para>
/// <para>Image: feature tokens → linear projection + a learned position per token.</para>
/// <para>Every text token queries the image tokens (one cross-attention head); the token's state and what it found are
/// fused per token (dense + ReLU), averaged over the tokens and read by a two-way head (0 = no match, 1 = match).</para>
/// </summary>
internal sealed class MatcherNetwork
{
    private readonly List<ParameterSlice> _slices = [];

    public MatcherNetwork(MatcherShape shape)
    {
        Shape = shape;
        var d = shape.Width;
        TokenEmbedding = Add("token_embedding", shape.Vocabulary, d);
        PositionEmbedding = Add("position_embedding", shape.MaxLength, d);
        for (var layer = 0; layer < MatcherShape.ContextLayers; layer++)
        {
            // Stored as [out, tap, in] so a column is three token vectors back to back.
            ConvW[layer] = Add($"context{layer + 1}.weight", d, 3, d);
            ConvB[layer] = Add($"context{layer + 1}.bias", d);
        }

        ImageProjW = Add("image_proj.weight", d, shape.FeatureWidth);
        ImageProjB = Add("image_proj.bias", d);
        ImagePosition = Add("image_position", shape.FeatureTokens, d);
        QueryW = Add("query.weight", d, d);
        KeyW = Add("key.weight", d, d);
        ValueW = Add("value.weight", d, d);
        FuseTextW = Add("fuse_text.weight", shape.Hidden, d);
        FuseImageW = Add("fuse_image.weight", shape.Hidden, d);
        FuseProductW = Add("fuse_product.weight", shape.Hidden, d);
        FuseFoundW = Add("fuse_found.weight", shape.Hidden);
        FuseB = Add("fuse.bias", shape.Hidden);
        HeadW = Add("itm_head.weight", 2, shape.Hidden);
        HeadB = Add("itm_head.bias", 2);
        Values = new float[Count];
    }

    public MatcherShape Shape { get; }

    public int Count { get; private set; }

    public float[] Values { get; }

    public IReadOnlyList<ParameterSlice> Slices => _slices;

    public ParameterSlice TokenEmbedding { get; }

    public ParameterSlice PositionEmbedding { get; }

    public ParameterSlice[] ConvW { get; } = new ParameterSlice[MatcherShape.ContextLayers];

    public ParameterSlice[] ConvB { get; } = new ParameterSlice[MatcherShape.ContextLayers];

    public ParameterSlice ImageProjW { get; }

    public ParameterSlice ImageProjB { get; }

    public ParameterSlice ImagePosition { get; }

    public ParameterSlice QueryW { get; }

    public ParameterSlice KeyW { get; }

    public ParameterSlice ValueW { get; }

    public ParameterSlice FuseTextW { get; }

    public ParameterSlice FuseImageW { get; }

    /// <summary>Weights of the element-wise product of a token and what it found: the bilinear match of the two.</summary>
    public ParameterSlice FuseProductW { get; }

    /// <summary>
    /// Weights of each token's log-sum-exp attention score: how strongly anything in the image answers the token's
    /// query ("is there a red thing on the left?"), the cheapest direct match signal.
    /// </summary>
    public ParameterSlice FuseFoundW { get; }

    public ParameterSlice FuseB { get; }

    public ParameterSlice HeadW { get; }

    public ParameterSlice HeadB { get; }

    /// <summary>Epsilon of the image tokens' layer normalization (ONNX LayerNormalization's default).</summary>
    public const float NormEpsilon = 1e-5f;

    private float AttentionScale => 1f / MathF.Sqrt(Shape.Width);

    /// <summary>Scaled-normal initialization, deterministic in the seed.</summary>
    public void Initialize(int seed)
    {
        var rng = new Rng(seed, 2000, 0);
        var d = Shape.Width;
        void Fill(ParameterSlice p, float std)
        {
            var span = p.Of(Values);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = rng.NextGaussian() * std;
            }
        }

        Fill(TokenEmbedding, 0.5f);
        Fill(PositionEmbedding, 0.1f);
        foreach (var w in ConvW)
        {
            Fill(w, MathF.Sqrt(1f / (3 * d)));
        }

        Fill(ImageProjW, MathF.Sqrt(1f / Shape.FeatureWidth));
        Fill(ImagePosition, 0.1f);
        Fill(QueryW, MathF.Sqrt(1f / d));
        Fill(KeyW, MathF.Sqrt(1f / d));
        Fill(ValueW, MathF.Sqrt(1f / d));
        Fill(FuseTextW, MathF.Sqrt(1f / d));
        Fill(FuseImageW, MathF.Sqrt(1f / d));
        Fill(FuseProductW, MathF.Sqrt(1f / d));
        Fill(FuseFoundW, 0.5f);
        Fill(HeadW, MathF.Sqrt(1f / Shape.Hidden));
    }

    /// <summary>
    /// Runs one pair: <paramref name="ids"/> (first token … [SEP], no padding) against <paramref name="features"/>
    /// ([FeatureTokens, FeatureWidth]); returns the two logits in <see cref="MatcherActivations.Logits"/>.
    /// </summary>
    public void Forward(ReadOnlySpan<int> ids, float[] features, MatcherActivations a)
    {
        var w = Values.AsSpan();
        var s = Shape;
        var d = s.Width;
        var n = s.FeatureTokens;
        var length = Math.Min(ids.Length, s.MaxLength);
        a.Length = length;
        a.Ids = ids[..length].ToArray();
        a.Features = features;

        var table = TokenEmbedding.Of(w);
        var positions = PositionEmbedding.Of(w);
        var x0 = a.X[0].AsSpan(0, length * d);
        for (var t = 0; t < length; t++)
        {
            TensorPrimitives.Add(table.Slice(a.Ids[t] * d, d), positions.Slice(t * d, d), x0.Slice(t * d, d));
        }

        for (var layer = 0; layer < MatcherShape.ContextLayers; layer++)
        {
            var input = a.X[layer].AsSpan(0, length * d);
            var col = a.Cols[layer].AsSpan(0, length * 3 * d);
            Columns(input, length, MatcherShape.Dilations[layer], col);
            var conv = a.Convs[layer].AsSpan(0, length * d);
            Rows(ConvW[layer].Of(w), ConvB[layer].Of(w), col, 3 * d, conv);
            NetOps.Relu(conv);
            TensorPrimitives.Add(input, conv, a.X[layer + 1].AsSpan(0, length * d));
        }

        // Image tokens.
        var g = a.G.AsSpan(0, n * d);
        Rows(ImageProjW.Of(w), ImageProjB.Of(w), features, s.FeatureWidth, g);
        TensorPrimitives.Add(g, ImagePosition.Of(w), g);
        // Normalized per token: the convolution grid is sparse and small, and unnormalized keys would leave every
        // attention row flat at the start.
        for (var j = 0; j < n; j++)
        {
            var token = g.Slice(j * d, d);
            var mean = TensorPrimitives.Sum(token) / d;
            TensorPrimitives.Subtract(token, mean, token);
            var inverse = 1f / MathF.Sqrt((TensorPrimitives.SumOfSquares(token) / d) + NormEpsilon);
            TensorPrimitives.Multiply(token, inverse, token);
            a.InverseStd[j] = inverse;
        }

        Rows(KeyW.Of(w), default, g, d, a.K);
        Rows(ValueW.Of(w), default, g, d, a.V);

        // Cross-attention.
        var x = a.X[MatcherShape.ContextLayers].AsSpan(0, length * d);
        var q = a.Q.AsSpan(0, length * d);
        Rows(QueryW.Of(w), default, x, d, q);
        var scale = AttentionScale;
        for (var t = 0; t < length; t++)
        {
            var row = a.A.AsSpan(t * n, n);
            var qt = q.Slice(t * d, d);
            for (var j = 0; j < n; j++)
            {
                row[j] = TensorPrimitives.Dot(qt, a.K.AsSpan(j * d, d)) * scale;
            }

            var max = TensorPrimitives.Max(row);
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                sum += Math.Exp(row[j] - max);
            }

            a.Lse[t] = max + (float)Math.Log(sum);
            // exp(score − log-sum-exp): TensorPrimitives.SoftMax exponentiates the raw scores, which overflow to
            // infinity (and the row to NaN) once a score passes ~88 as attention sharpens in training.
            TensorPrimitives.Subtract(row, a.Lse[t], row);
            TensorPrimitives.Exp(row, row);
            var z = a.Z.AsSpan(t * d, d);
            z.Clear();
            for (var j = 0; j < n; j++)
            {
                TensorPrimitives.MultiplyAdd(a.V.AsSpan(j * d, d), row[j], z, z);
            }
        }

        // Fuse per token, pool, head.
        var h = s.Hidden;
        var u = a.U.AsSpan(0, length * h);
        Rows(FuseTextW.Of(w), FuseB.Of(w), x, d, u);
        var fuseImage = FuseImageW.Of(w);
        var fuseProduct = FuseProductW.Of(w);
        var found = FuseFoundW.Of(w);
        for (var t = 0; t < length; t++)
        {
            var ut = u.Slice(t * h, h);
            var zt = a.Z.AsSpan(t * d, d);
            var product = a.Product.AsSpan(t * d, d);
            TensorPrimitives.Multiply(x.Slice(t * d, d), zt, product);
            for (var o = 0; o < h; o++)
            {
                ut[o] += TensorPrimitives.Dot(fuseImage.Slice(o * d, d), zt) + TensorPrimitives.Dot(fuseProduct.Slice(o * d, d), product) + (found[o] * a.Lse[t]);
            }
        }

        NetOps.Relu(u);
        var pooled = a.Pooled.AsSpan();
        pooled.Clear();
        for (var t = 0; t < length; t++)
        {
            TensorPrimitives.Add(pooled, u.Slice(t * h, h), pooled);
        }

        TensorPrimitives.Multiply(pooled, 1f / length, pooled);
        NetOps.Dense(HeadW.Of(w), HeadB.Of(w), pooled, a.Logits);
    }

    /// <summary>The match probability of the last forward pass: softmax of the logits, column 1.</summary>
    public static float Probability(MatcherActivations a) => 1f / (1f + MathF.Exp(a.Logits[0] - a.Logits[1]));

    /// <summary>
    /// Cross-entropy of the last forward pass against <paramref name="match"/>, accumulating parameter gradients
    /// (times <paramref name="weight"/>) into <paramref name="grad"/>. Returns the unweighted loss.
    /// </summary>
    public float Backward(MatcherActivations a, bool match, float weight, Span<float> grad)
    {
        var w = Values.AsSpan();
        var s = Shape;
        var d = s.Width;
        var n = s.FeatureTokens;
        var h = s.Hidden;
        var length = a.Length;
        var p1 = Probability(a);
        var loss = -MathF.Log(Math.Max(match ? p1 : 1f - p1, 1e-12f));
        Span<float> dLogits = [weight * (1f - p1 - (match ? 0f : 1f)), weight * (p1 - (match ? 1f : 0f))];

        NetOps.DenseBackward(HeadW.Of(w), a.Pooled, dLogits, HeadW.Of(grad), HeadB.Of(grad), a.DPooled);
        TensorPrimitives.Multiply(a.DPooled, 1f / length, a.DPooled);

        var x = a.X[MatcherShape.ContextLayers].AsSpan(0, length * d);
        var dx = a.DX.AsSpan(0, length * d);
        dx.Clear();
        var dz = a.DZ.AsSpan(0, length * d);
        dz.Clear();
        var fuseText = FuseTextW.Of(w);
        var fuseImage = FuseImageW.Of(w);
        var dFuseText = FuseTextW.Of(grad);
        var dFuseImage = FuseImageW.Of(grad);
        var dFuseB = FuseB.Of(grad);
        var found = FuseFoundW.Of(w);
        var dFound = FuseFoundW.Of(grad);
        var fuseProduct = FuseProductW.Of(w);
        var dFuseProduct = FuseProductW.Of(grad);
        var dProduct = a.DProduct.AsSpan();
        for (var t = 0; t < length; t++)
        {
            a.DLse[t] = 0f;
            dProduct.Clear();
            var product = a.Product.AsSpan(t * d, d);
            var ut = a.U.AsSpan(t * h, h);
            var xt = x.Slice(t * d, d);
            var zt = a.Z.AsSpan(t * d, d);
            var dxt = dx.Slice(t * d, d);
            var dzt = dz.Slice(t * d, d);
            for (var o = 0; o < h; o++)
            {
                if (ut[o] <= 0f)
                {
                    continue;
                }

                var go = a.DPooled[o];
                dFuseB[o] += go;
                dFound[o] += go * a.Lse[t];
                a.DLse[t] += go * found[o];
                TensorPrimitives.MultiplyAdd(xt, go, dFuseText.Slice(o * d, d), dFuseText.Slice(o * d, d));
                TensorPrimitives.MultiplyAdd(zt, go, dFuseImage.Slice(o * d, d), dFuseImage.Slice(o * d, d));
                TensorPrimitives.MultiplyAdd(fuseText.Slice(o * d, d), go, dxt, dxt);
                TensorPrimitives.MultiplyAdd(fuseImage.Slice(o * d, d), go, dzt, dzt);
                TensorPrimitives.MultiplyAdd(product, go, dFuseProduct.Slice(o * d, d), dFuseProduct.Slice(o * d, d));
                TensorPrimitives.MultiplyAdd(fuseProduct.Slice(o * d, d), go, dProduct, dProduct);
            }

            // d(x ⊙ z): to x times z, to z times x.
            TensorPrimitives.MultiplyAdd(dProduct, zt, dxt, dxt);
            TensorPrimitives.MultiplyAdd(dProduct, xt, dzt, dzt);
        }

        // Attention.
        var scale = AttentionScale;
        var q = a.Q.AsSpan(0, length * d);
        var dq = a.DQ.AsSpan(0, length * d);
        var dk = a.DK.AsSpan(0, n * d);
        var dv = a.DV.AsSpan(0, n * d);
        dk.Clear();
        dv.Clear();
        for (var t = 0; t < length; t++)
        {
            var row = a.A.AsSpan(t * n, n);
            var dzt = dz.Slice(t * d, d);
            var da = a.DA.AsSpan();
            for (var j = 0; j < n; j++)
            {
                da[j] = TensorPrimitives.Dot(dzt, a.V.AsSpan(j * d, d));
                TensorPrimitives.MultiplyAdd(dzt, row[j], dv.Slice(j * d, d), dv.Slice(j * d, d));
            }

            // Softmax and log-sum-exp share the gradient A·(dA − A·dA + dLse).
            var mean = TensorPrimitives.Dot(row, da) - a.DLse[t];
            var dqt = dq.Slice(t * d, d);
            dqt.Clear();
            var qt = q.Slice(t * d, d);
            for (var j = 0; j < n; j++)
            {
                var ds = row[j] * (da[j] - mean) * scale;
                TensorPrimitives.MultiplyAdd(a.K.AsSpan(j * d, d), ds, dqt, dqt);
                TensorPrimitives.MultiplyAdd(qt, ds, dk.Slice(j * d, d), dk.Slice(j * d, d));
            }
        }

        RowsBackward(QueryW.Of(w), x, dq, d, QueryW.Of(grad), default, dx, accumulate: true);

        // Image tokens.
        var g = a.G.AsSpan(0, n * d);
        var dg = a.DG.AsSpan(0, n * d);
        RowsBackward(KeyW.Of(w), g, dk, d, KeyW.Of(grad), default, dg, accumulate: false);
        RowsBackward(ValueW.Of(w), g, dv, d, ValueW.Of(grad), default, dg, accumulate: true);
        for (var j = 0; j < n; j++)
        {
            // Layer norm without scale: dx = (dy − mean(dy) − y·mean(dy ⊙ y)) / σ.
            var dy = dg.Slice(j * d, d);
            var y = g.Slice(j * d, d);
            var meanDy = TensorPrimitives.Sum(dy) / d;
            var meanDyY = TensorPrimitives.Dot(dy, y) / d;
            for (var i = 0; i < d; i++)
            {
                dy[i] = (dy[i] - meanDy - (y[i] * meanDyY)) * a.InverseStd[j];
            }
        }

        TensorPrimitives.Add(ImagePosition.Of(grad), dg, ImagePosition.Of(grad));
        RowsBackward(ImageProjW.Of(w), a.Features, dg, s.FeatureWidth, ImageProjW.Of(grad), ImageProjB.Of(grad), default, accumulate: false);

        // Context layers, last first: x[l+1] = x[l] + relu(conv(x[l])).
        for (var layer = MatcherShape.ContextLayers - 1; layer >= 0; layer--)
        {
            var conv = a.Convs[layer].AsSpan(0, length * d);
            var dconv = a.DNext.AsSpan(0, length * d);
            dx.CopyTo(dconv);
            NetOps.ReluBackward(conv, dconv);
            var col = a.Cols[layer].AsSpan(0, length * 3 * d);
            var weights = ConvW[layer].Of(w);
            var dWeights = ConvW[layer].Of(grad);
            var dBias = ConvB[layer].Of(grad);
            var dilation = MatcherShape.Dilations[layer];
            for (var t = 0; t < length; t++)
            {
                var dct = a.DCol.AsSpan();
                dct.Clear();
                var colt = col.Slice(t * 3 * d, 3 * d);
                var go = dconv.Slice(t * d, d);
                for (var o = 0; o < d; o++)
                {
                    if (go[o] == 0f)
                    {
                        continue;
                    }

                    dBias[o] += go[o];
                    TensorPrimitives.MultiplyAdd(colt, go[o], dWeights.Slice(o * 3 * d, 3 * d), dWeights.Slice(o * 3 * d, 3 * d));
                    TensorPrimitives.MultiplyAdd(weights.Slice(o * 3 * d, 3 * d), go[o], dct, dct);
                }

                // The residual path already holds dx; add each tap's gradient to the token it read.
                for (var tap = 0; tap < 3; tap++)
                {
                    var source = t + ((tap - 1) * dilation);
                    if (source >= 0 && source < length)
                    {
                        var target = dx.Slice(source * d, d);
                        TensorPrimitives.Add(target, dct.Slice(tap * d, d), target);
                    }
                }
            }
        }

        var dTable = TokenEmbedding.Of(grad);
        var dPositions = PositionEmbedding.Of(grad);
        for (var t = 0; t < length; t++)
        {
            var row = dx.Slice(t * d, d);
            var e = dTable.Slice(a.Ids[t] * d, d);
            TensorPrimitives.Add(e, row, e);
            var pos = dPositions.Slice(t * d, d);
            TensorPrimitives.Add(pos, row, pos);
        }

        return loss;
    }

    /// <summary>Row t of <paramref name="col"/> is [x[t-dilation], x[t], x[t+dilation]] with zeros outside the text.</summary>
    private void Columns(ReadOnlySpan<float> x, int length, int dilation, Span<float> col)
    {
        var d = Shape.Width;
        col.Clear();
        for (var t = 0; t < length; t++)
        {
            for (var tap = 0; tap < 3; tap++)
            {
                var source = t + ((tap - 1) * dilation);
                if (source >= 0 && source < length)
                {
                    x.Slice(source * d, d).CopyTo(col.Slice((t * 3 * d) + (tap * d), d));
                }
            }
        }
    }

    /// <summary>y[r] = W·x[r] + b for every row r (W is [out, inner]; b may be empty).</summary>
    private static void Rows(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, int inner, Span<float> y)
    {
        var outputs = weight.Length / inner;
        var rows = x.Length / inner;
        for (var r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * inner, inner);
            var yr = y.Slice(r * outputs, outputs);
            for (var o = 0; o < outputs; o++)
            {
                yr[o] = (bias.IsEmpty ? 0f : bias[o]) + TensorPrimitives.Dot(weight.Slice(o * inner, inner), xr);
            }
        }
    }

    /// <summary>Gradients of <see cref="Rows"/>: dW += dy ⊗ x, db += dy, dx (+)= Wᵀ·dy.</summary>
    private static void RowsBackward(
        ReadOnlySpan<float> weight, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int inner,
        Span<float> dWeight, Span<float> dBias, Span<float> dx, bool accumulate)
    {
        var outputs = weight.Length / inner;
        var rows = x.Length / inner;
        if (!dx.IsEmpty && !accumulate)
        {
            dx.Clear();
        }

        for (var r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * inner, inner);
            var dyr = dy.Slice(r * outputs, outputs);
            for (var o = 0; o < outputs; o++)
            {
                var go = dyr[o];
                if (go == 0f)
                {
                    continue;
                }

                if (!dBias.IsEmpty)
                {
                    dBias[o] += go;
                }

                TensorPrimitives.MultiplyAdd(xr, go, dWeight.Slice(o * inner, inner), dWeight.Slice(o * inner, inner));
                if (!dx.IsEmpty)
                {
                    TensorPrimitives.MultiplyAdd(weight.Slice(o * inner, inner), go, dx.Slice(r * inner, inner), dx.Slice(r * inner, inner));
                }
            }
        }
    }

    private ParameterSlice Add(string name, params int[] shape)
    {
        var length = shape.Aggregate(1, (x, y) => x * y);
        var slice = new ParameterSlice(name, Count, length, shape);
        Count += length;
        _slices.Add(slice);
        return slice;
    }
}
