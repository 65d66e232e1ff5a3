using VlSearch.Training;

namespace VlSearch.Training.Tests;

/// <summary>Backward passes agree with central finite differences of the forward passes.</summary>
public class GradientCheckTests
{
    private const float Epsilon = 1e-2f;

    private static float[] Random(int n, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale)];
    }

    private static void AssertClose(double analytic, double numeric, string what)
    {
        var tolerance = 2e-2 * Math.Max(Math.Abs(analytic), Math.Abs(numeric)) + 2e-3;
        Assert.True(Math.Abs(analytic - numeric) <= tolerance, $"{what}: analytic {analytic} vs numeric {numeric}");
    }

    /// <summary>Checks d(Σ probe·f(x))/dx[i] for every i against the analytic gradient.</summary>
    private static void CheckInput(float[] x, Func<float[], float> objective, float[] analytic, string what)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var saved = x[i];
            x[i] = saved + Epsilon;
            var plus = objective(x);
            x[i] = saved - Epsilon;
            var minus = objective(x);
            x[i] = saved;
            AssertClose(analytic[i], (plus - minus) / (2 * Epsilon), $"{what}[{i}]");
        }
    }

    private static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    [Theory]
    [InlineData(2, 3, 6, 6, 3, 3, 1, 1, 1, 1)]
    [InlineData(3, 2, 8, 8, 4, 4, 2, 1, 1, 1)]
    [InlineData(2, 2, 1, 7, 1, 3, 1, 0, 2, 2)]
    public void Convolution_gradients_match_finite_differences(int cin, int cout, int h, int w, int kh, int kw, int stride, int padH, int padW, int dilation)
    {
        var s = new ConvShape(cin, cout, h, w, kh, kw, stride, padH, padW, dilation);
        var input = Random(s.InputLength, 1);
        var weight = Random(s.WeightCount, 2);
        var bias = Random(cout, 3);
        var probe = Random(s.OutputLength, 4);

        float Forward(float[] x, float[] wt, float[] b)
        {
            var col = new float[s.Patch * s.Positions];
            var output = new float[s.OutputLength];
            NetOps.Im2Col(s, x, col);
            NetOps.MatMulBias(wt, b, col, cout, s.Patch, s.Positions, output);
            return Dot(output, probe);
        }

        var columns = new float[s.Patch * s.Positions];
        NetOps.Im2Col(s, input, columns);
        var dWeight = new float[weight.Length];
        var dBias = new float[cout];
        var dCol = new float[columns.Length];
        NetOps.MatMulBiasBackward(weight, columns, probe, cout, s.Patch, s.Positions, dWeight, dBias, dCol);
        var dInput = new float[input.Length];
        NetOps.Col2Im(s, dCol, dInput);

        CheckInput(input, x => Forward(x, weight, bias), dInput, "input");
        CheckInput(weight, wt => Forward(input, wt, bias), dWeight, "weight");
        CheckInput(bias, b => Forward(input, weight, b), dBias, "bias");
    }

    [Fact]
    public void Dense_gradients_match_finite_differences()
    {
        var x = Random(7, 1);
        var weight = Random(5 * 7, 2);
        var bias = Random(5, 3);
        var probe = Random(5, 4);
        float Forward(float[] input, float[] wt, float[] b)
        {
            var y = new float[5];
            NetOps.Dense(wt, b, input, y);
            return Dot(y, probe);
        }

        var dWeight = new float[weight.Length];
        var dBias = new float[5];
        var dx = new float[7];
        NetOps.DenseBackward(weight, x, probe, dWeight, dBias, dx);
        CheckInput(x, v => Forward(v, weight, bias), dx, "x");
        CheckInput(weight, v => Forward(x, v, bias), dWeight, "weight");
        CheckInput(bias, v => Forward(x, weight, v), dBias, "bias");
    }

    [Fact]
    public void Average_pool_relu_and_normalize_gradients_match_finite_differences()
    {
        var x = Random(2 * 4 * 4, 5);
        var probe = Random(2 * 2 * 2, 6);
        var dPool = new float[x.Length];
        NetOps.AvgPoolBackward(probe, 2, 4, 4, 2, dPool);
        CheckInput(x, v =>
        {
            var y = new float[8];
            NetOps.AvgPool(v, 2, 4, 4, 2, y);
            return Dot(y, probe);
        }, dPool, "pool");

        // Values away from zero so the finite difference never straddles the ReLU kink.
        var r = Random(8, 7).Select(v => v + (v >= 0 ? 0.1f : -0.1f)).ToArray();
        var reluProbe = Random(8, 8);
        var activation = (float[])r.Clone();
        NetOps.Relu(activation);
        var dRelu = (float[])reluProbe.Clone();
        NetOps.ReluBackward(activation, dRelu);
        CheckInput(r, v =>
        {
            var y = (float[])v.Clone();
            NetOps.Relu(y);
            return Dot(y, reluProbe);
        }, dRelu, "relu");

        var n = Random(6, 9);
        var normProbe = Random(6, 10);
        var unit = new float[6];
        var norm = NetOps.Normalize(n, unit);
        var dNorm = new float[6];
        NetOps.NormalizeBackward(unit, norm, normProbe, dNorm);
        CheckInput(n, v =>
        {
            var y = new float[6];
            NetOps.Normalize(v, y);
            return Dot(y, normProbe);
        }, dNorm, "normalize");
    }

    [Fact]
    public void Word_prediction_loss_gradients_match_finite_differences()
    {
        const int n = 3;
        const int d = 4;
        var head = new WordPredictionHead(["red", "star", "on", "left", "blue"], d, seed: 5);
        // Not unit vectors: the check is of the head alone, and small values keep the ×10 logits off the flat tails.
        var embeddings = Random(n * d, 21, 0.1f);
        int[][] targets = [head.Targets("a red star on the left"), head.Targets("blue"), []];
        Assert.Equal([0, 1, 2, 3], targets[0]);
        const float weight = 1.5f;
        var dEmbeddings = new float[n * d];
        var dHead = new float[head.Values.Length];
        head.Compute(embeddings, n, targets, weight, dEmbeddings, dHead);
        float Loss(float[] e) => head.Compute(e, n, targets, weight, new float[n * d], new float[head.Values.Length]);
        CheckInput(embeddings, Loss, dEmbeddings, "embeddings");
        CheckInput(head.Values, _ => Loss(embeddings), dHead, "head");
    }

    [Fact]
    public void Contrastive_loss_gradients_match_finite_differences()
    {
        const int n = 4;
        const int d = 3;
        var images = Random(n * d, 11);
        var texts = Random(n * d, 12);
        // The second and fourth pairs share a group, exercising the multi-positive targets.
        int[] groups = [0, 1, 2, 1];
        const float scale = 3f;
        var dImages = new float[n * d];
        var dTexts = new float[n * d];
        ContrastiveLoss.Compute(images, texts, d, scale, groups, groups, dImages, dTexts, out var dScale);
        float Loss(float[] i, float[] t, float s) =>
            ContrastiveLoss.Compute(i, t, d, s, groups, groups, new float[n * d], new float[n * d], out _);
        CheckInput(images, v => Loss(v, texts, scale), dImages, "images");
        CheckInput(texts, v => Loss(images, v, scale), dTexts, "texts");
        CheckInput([scale], v => Loss(images, texts, v[0]), [dScale], "scale");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Whole_network_gradients_match_finite_differences_for_every_parameter_tensor(int globalChannels)
    {
        var shape = new NetworkShape(Vocabulary: 20, EmbedDimension: 6, ImageChannels1: 3, ImageChannels2: 4, ImageHidden: 8, TokenDimension: 5, TextWidth: 6, ContextLength: 10, GlobalChannels: globalChannels);
        var net = new DualEncoderNetwork(shape);
        net.Initialize(3);
        var pixels = Random(NetworkShape.PooledLength, 13);
        int[] ids = [18, 3, 7, 7, 12, 19];
        var probeImage = Random(6, 14);
        var probeText = Random(6, 15);

        float Objective()
        {
            var image = new float[6];
            var text = new float[6];
            net.ForwardImage(pixels, new ImageActivations(shape), image);
            net.ForwardText(ids, new TextActivations(shape), text);
            return Dot(image, probeImage) + Dot(text, probeText);
        }

        var gradient = new float[net.Count];
        var imageActivations = new ImageActivations(shape);
        var textActivations = new TextActivations(shape);
        net.ForwardImage(pixels, imageActivations, new float[6]);
        net.ForwardText(ids, textActivations, new float[6]);
        net.BackwardImage(imageActivations, probeImage, gradient);
        net.BackwardText(textActivations, probeText, gradient);

        var random = new Random(16);
        foreach (var slice in net.Slices.Where(s => s.Name != "logit_scale"))
        {
            // A few entries per tensor; for the embedding table, rows of tokens that occur.
            for (var probe = 0; probe < 4; probe++)
            {
                var offset = slice == net.TokenEmbedding
                    ? (ids[random.Next(ids.Length)] * shape.TokenDimension) + random.Next(shape.TokenDimension)
                    : random.Next(slice.Length);
                var index = slice.Offset + offset;
                // A smaller step than for single layers: a weight of the first convolution feeds hundreds of
                // ReLUs, and a large step would cross some of their kinks.
                const float step = 1e-3f;
                var saved = net.Values[index];
                net.Values[index] = saved + step;
                var plus = Objective();
                net.Values[index] = saved - step;
                var minus = Objective();
                net.Values[index] = saved;
                AssertClose(gradient[index], (plus - minus) / (2 * step), $"{slice.Name}[{offset}]");
            }
        }
    }
}
