namespace VlSearch.Onnx.Matching;

/// <summary>
/// Transformer building blocks over <see cref="OnnxGraphBuilder"/> with random weights of a fixed seed: linear
/// layers, layer norms, Erf-based GELU and multi-head attention with an additive mask, all in standard opset-17 ops.
/// </summary>
internal sealed class TransformerGraph
{
    private readonly Random _random;
    private int _next;

    public TransformerGraph(string name, int seed)
    {
        Builder = new OnnxGraphBuilder(name);
        _random = new Random(seed);
    }

    public OnnxGraphBuilder Builder { get; }

    /// <summary>A fresh value name.</summary>
    public string Fresh(string hint) => $"{hint}_{_next++}";

    /// <summary>Adds a node with one output and returns its name (<paramref name="output"/> or a fresh one).</summary>
    public string Node(string op, string[] inputs, string? output = null, params OnnxAttribute[] attributes)
    {
        var name = output ?? Fresh(op.ToLowerInvariant());
        Builder.AddNode(op, inputs, [name], attributes);
        return name;
    }

    /// <summary>A random weight, uniform with standard deviation <paramref name="std"/> (BERT initializes with 0.02).</summary>
    public string Weight(string hint, float std, params long[] dims)
    {
        var count = 1L;
        foreach (var dim in dims)
        {
            count *= dim;
        }

        var data = new float[count];
        var half = std * MathF.Sqrt(3f);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = ((_random.NextSingle() * 2f) - 1f) * half;
        }

        var name = Fresh(hint);
        Builder.AddInitializer(name, data, dims);
        return name;
    }

    public string Constant(string hint, float[] values, params long[] dims)
    {
        var name = Fresh(hint);
        Builder.AddInitializer(name, values, dims);
        return name;
    }

    public string Constant(string hint, long[] values, params long[] dims)
    {
        var name = Fresh(hint);
        Builder.AddInitializer(name, values, dims);
        return name;
    }

    /// <summary>x · W + b over the last axis.</summary>
    public string Linear(string x, int inWidth, int outWidth, string? output = null)
    {
        var product = Node("MatMul", [x, Weight("w", 0.02f, inWidth, outWidth)]);
        return Node("Add", [product, Weight("b", 0.02f, outWidth)], output);
    }

    public string LayerNorm(string x, int width, float epsilon, string? output = null)
    {
        var gamma = Constant("ln_g", Enumerable.Repeat(1f, width).ToArray(), width);
        var beta = Constant("ln_b", new float[width], width);
        return Node("LayerNormalization", [x, gamma, beta], output, OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", epsilon));
    }

    /// <summary>0.5 · x · (1 + erf(x / √2)), the exact GELU of BERT and ViT.</summary>
    public string Gelu(string x)
    {
        var scaled = Node("Mul", [x, Constant("inv_sqrt2", [1f / MathF.Sqrt(2f)])]);
        var erf = Node("Erf", [scaled]);
        var onePlus = Node("Add", [erf, Constant("one", [1f])]);
        var half = Node("Mul", [x, Constant("half", [0.5f])]);
        return Node("Mul", [half, onePlus]);
    }

    /// <summary>An int64 mask [batch, length] (1 = attend) as an additive bias [batch, 1, 1, length].</summary>
    public string MaskBias(string mask)
    {
        var asFloat = Node("Cast", [mask], null, OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        var inverted = Node("Sub", [Constant("one", [1f]), asFloat]);
        var bias = Node("Mul", [inverted, Constant("neg", [-10000f])]);
        return Node("Unsqueeze", [bias, Constant("axes", [1L, 2L], 2)]);
    }

    /// <summary>
    /// Multi-head attention of <paramref name="query"/> [batch, Lq, width] over <paramref name="keyValue"/>
    /// [batch, Lk, keyWidth], with an optional additive <paramref name="bias"/> [batch, 1, 1, Lk]; output projected back to width.
    /// </summary>
    public string Attention(string query, string keyValue, string? bias, int width, int keyWidth, int heads)
    {
        var headWidth = width / heads;
        var split = Constant("split_shape", [0L, 0L, heads, headWidth], 4);
        string Heads(string x, long[] perm) => Node("Transpose", [Node("Reshape", [x, split])], null, OnnxAttribute.Ints("perm", perm));
        var q = Heads(Linear(query, width, width), [0, 2, 1, 3]);
        var k = Heads(Linear(keyValue, keyWidth, width), [0, 2, 3, 1]);
        var v = Heads(Linear(keyValue, keyWidth, width), [0, 2, 1, 3]);
        var scores = Node("Mul", [Node("MatMul", [q, k]), Constant("scale", [1f / MathF.Sqrt(headWidth)])]);
        if (bias is not null)
        {
            scores = Node("Add", [scores, bias]);
        }

        var weights = Node("Softmax", [scores], null, OnnxAttribute.Int("axis", -1));
        var context = Node("Transpose", [Node("MatMul", [weights, v])], null, OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        var merged = Node("Reshape", [context, Constant("merge_shape", [0L, 0L, width], 3)]);
        return Linear(merged, width, width);
    }

    /// <summary>Two linear layers with GELU between them.</summary>
    public string FeedForward(string x, int width, int intermediate) =>
        Linear(Gelu(Linear(x, width, intermediate)), intermediate, width);
}
