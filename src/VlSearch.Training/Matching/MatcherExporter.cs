using VlSearch.Onnx;

namespace VlSearch.Training.Matching;

/// <summary>
/// Writes the matcher in the split BLIP-ITM layout: <c>vision_model.onnx</c> (pixel_values → image_embeds
/// [batch, N, D], here the dual encoder's convolutional grid) and <c>text_matcher.onnx</c> (input_ids,
/// attention_mask, image_embeds, image_attention_mask → itm_logits [batch, 2]).
/// </summary>
internal static class MatcherExporter
{
    /// <summary>
    /// The image feature graph: the dual encoder's pooling and two convolutions, their output rearranged 2×2
    /// space-to-depth into a 7×7 grid, each cell one feature token (row-major), so the matcher sees where things are
    /// and their shape inside a cell as well as what they are.
    /// </summary>
    public static byte[] VisionModel(IReadOnlyDictionary<string, float[]> dualEncoder, NetworkShape shape)
    {
        var g = new OnnxGraphBuilder("vision_model");
        var size = SceneGenerator.ImageSize;
        g.AddInput("pixel_values", OnnxElementType.Float, "batch", 3, size, size);
        AddCopy(g, dualEncoder, "conv1.weight", shape.Conv1.OutChannels, shape.Conv1.InChannels, shape.Conv1.KernelH, shape.Conv1.KernelW);
        AddCopy(g, dualEncoder, "conv1.bias", shape.Conv1.OutChannels);
        AddCopy(g, dualEncoder, "conv2.weight", shape.Conv2.OutChannels, shape.Conv2.InChannels, shape.Conv2.KernelH, shape.Conv2.KernelW);
        AddCopy(g, dualEncoder, "conv2.bias", shape.Conv2.OutChannels);
        g.AddInitializer("grid_shape", (ReadOnlySpan<long>)[0, shape.ImageChannels2 * 4, -1], 3);
        const int k = NetworkShape.InputPool;
        g.AddNode("AveragePool", ["pixel_values"], ["pooled_pixels"], OnnxAttribute.Ints("kernel_shape", k, k), OnnxAttribute.Ints("strides", k, k));
        DualEncoderExporter.Conv(g, "pooled_pixels", "conv1.weight", "conv1.bias", "conv1", shape.Conv1);
        g.AddNode("Relu", ["conv1"], ["conv1_relu"]);
        DualEncoderExporter.Conv(g, "conv1_relu", "conv2.weight", "conv2.bias", "conv2", shape.Conv2);
        g.AddNode("Relu", ["conv2"], ["conv2_relu"]);
        g.AddNode("SpaceToDepth", ["conv2_relu"], ["grid"], OnnxAttribute.Int("blocksize", 2));
        g.AddNode("Reshape", ["grid", "grid_shape"], ["channels_by_cell"]);
        g.AddNode("Transpose", ["channels_by_cell"], ["image_embeds"], OnnxAttribute.Ints("perm", 0, 2, 1));
        g.AddOutput("image_embeds", OnnxElementType.Float, "batch", shape.GridSize * shape.GridSize, shape.ImageChannels2 * 4);
        return g.ToBytes();
    }

    public static byte[] TextMatcher(MatcherNetwork net)
    {
        var s = net.Shape;
        var d = s.Width;
        var g = new OnnxGraphBuilder("text_matcher");
        g.AddInput("input_ids", OnnxElementType.Int64, "batch", "sequence");
        g.AddInput("attention_mask", OnnxElementType.Int64, "batch", "sequence");
        g.AddInput("image_embeds", OnnxElementType.Float, "batch", s.FeatureTokens, s.FeatureWidth);
        g.AddInput("image_attention_mask", OnnxElementType.Int64, "batch", s.FeatureTokens);

        Add(g, net, net.TokenEmbedding);
        Add(g, net, net.PositionEmbedding);
        for (var layer = 0; layer < MatcherShape.ContextLayers; layer++)
        {
            // [out, tap, in] → Conv's [out, in, 1, tap].
            var source = net.ConvW[layer].Of(net.Values);
            var weight = new float[source.Length];
            for (var o = 0; o < d; o++)
            {
                for (var tap = 0; tap < 3; tap++)
                {
                    for (var i = 0; i < d; i++)
                    {
                        weight[(((o * d) + i) * 3) + tap] = source[(((o * 3) + tap) * d) + i];
                    }
                }
            }

            g.AddInitializer(net.ConvW[layer].Name, weight, d, d, 1, 3);
            Add(g, net, net.ConvB[layer]);
        }

        AddTransposed(g, net, net.ImageProjW);
        Add(g, net, net.ImageProjB);
        Add(g, net, net.ImagePosition);
        AddTransposed(g, net, net.QueryW);
        AddTransposed(g, net, net.KeyW);
        AddTransposed(g, net, net.ValueW);
        AddTransposed(g, net, net.FuseTextW);
        AddTransposed(g, net, net.FuseImageW);
        AddTransposed(g, net, net.FuseProductW);
        Add(g, net, net.FuseFoundW);
        g.AddInitializer("norm_scale", Enumerable.Repeat(1f, d).ToArray(), d);
        g.AddInitializer("norm_bias", new float[d], d);
        Add(g, net, net.FuseB);
        Add(g, net, net.HeadW);
        Add(g, net, net.HeadB);
        g.AddInitializer("zero", (ReadOnlySpan<long>)[0], 1);
        g.AddInitializer("axis0", (ReadOnlySpan<long>)[0], 1);
        g.AddInitializer("axis1", (ReadOnlySpan<long>)[1], 1);
        g.AddInitializer("axis2", (ReadOnlySpan<long>)[2], 1);
        g.AddInitializer("attention_scale", (ReadOnlySpan<float>)[1f / MathF.Sqrt(d)]);
        g.AddInitializer("one", (ReadOnlySpan<float>)[1f]);
        g.AddInitializer("masked_out", (ReadOnlySpan<float>)[10000f]);

        // Text tokens, zeroed past each text's end so the result does not depend on how far the batch is padded.
        g.AddNode("Shape", ["input_ids"], ["sequence_length"], OnnxAttribute.Int("start", 1), OnnxAttribute.Int("end", 2));
        g.AddNode("Slice", [net.PositionEmbedding.Name, "zero", "sequence_length", "axis0"], ["positions"]);
        g.AddNode("Gather", [net.TokenEmbedding.Name, "input_ids"], ["token_vectors"], OnnxAttribute.Int("axis", 0));
        g.AddNode("Add", ["token_vectors", "positions"], ["embedded"]);
        g.AddNode("Cast", ["attention_mask"], ["mask"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddNode("Unsqueeze", ["mask", "axis2"], ["mask3"]);
        g.AddNode("Mul", ["embedded", "mask3"], ["x0"]);
        var x = "x0";
        for (var layer = 0; layer < MatcherShape.ContextLayers; layer++)
        {
            var dilation = MatcherShape.Dilations[layer];
            var p = $"context{layer + 1}";
            g.AddNode("Transpose", [x], [p + "_channels"], OnnxAttribute.Ints("perm", 0, 2, 1));
            g.AddNode("Unsqueeze", [p + "_channels", "axis2"], [p + "_in"]);
            g.AddNode(
                "Conv",
                [p + "_in", net.ConvW[layer].Name, net.ConvB[layer].Name],
                [p + "_conv"],
                OnnxAttribute.Ints("kernel_shape", 1, 3),
                OnnxAttribute.Ints("strides", 1, 1),
                OnnxAttribute.Ints("pads", 0, dilation, 0, dilation),
                OnnxAttribute.Ints("dilations", 1, dilation));
            g.AddNode("Relu", [p + "_conv"], [p + "_relu"]);
            g.AddNode("Squeeze", [p + "_relu", "axis2"], [p + "_out"]);
            g.AddNode("Transpose", [p + "_out"], [p + "_tokens"], OnnxAttribute.Ints("perm", 0, 2, 1));
            g.AddNode("Mul", [p + "_tokens", "mask3"], [p + "_masked"]);
            g.AddNode("Add", [x, p + "_masked"], [$"x{layer + 1}"]);
            x = $"x{layer + 1}";
        }

        // Image tokens.
        g.AddNode("MatMul", ["image_embeds", T(net.ImageProjW)], ["image_projected"]);
        g.AddNode("Add", ["image_projected", net.ImageProjB.Name], ["image_biased"]);
        g.AddNode("Add", ["image_biased", net.ImagePosition.Name], ["image_placed"]);
        g.AddNode("LayerNormalization", ["image_placed", "norm_scale", "norm_bias"], ["image_tokens"], OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", MatcherNetwork.NormEpsilon));
        g.AddNode("MatMul", ["image_tokens", T(net.KeyW)], ["keys"]);
        g.AddNode("MatMul", ["image_tokens", T(net.ValueW)], ["values"]);

        // Cross-attention; masked image tokens get a large negative score.
        g.AddNode("MatMul", [x, T(net.QueryW)], ["queries"]);
        g.AddNode("Transpose", ["keys"], ["keys_t"], OnnxAttribute.Ints("perm", 0, 2, 1));
        g.AddNode("MatMul", ["queries", "keys_t"], ["raw_scores"]);
        g.AddNode("Mul", ["raw_scores", "attention_scale"], ["scaled_scores"]);
        g.AddNode("Cast", ["image_attention_mask"], ["image_mask"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddNode("Sub", ["image_mask", "one"], ["image_mask_shifted"]);
        g.AddNode("Mul", ["image_mask_shifted", "masked_out"], ["image_bias"]);
        g.AddNode("Unsqueeze", ["image_bias", "axis1"], ["image_bias3"]);
        g.AddNode("Add", ["scaled_scores", "image_bias3"], ["scores"]);
        g.AddNode("Softmax", ["scores"], ["attention"], OnnxAttribute.Int("axis", -1));
        g.AddNode("MatMul", ["attention", "values"], ["found"]);

        // Fuse per token, average over the text's tokens, head.
        g.AddNode("MatMul", [x, T(net.FuseTextW)], ["fuse_text"]);
        g.AddNode("MatMul", ["found", T(net.FuseImageW)], ["fuse_image"]);
        g.AddNode("ReduceLogSumExp", ["scores"], ["found_strength"], OnnxAttribute.Ints("axes", -1), OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Mul", ["found_strength", net.FuseFoundW.Name], ["fuse_found"]);
        g.AddNode("Mul", [x, "found"], ["token_found"]);
        g.AddNode("MatMul", ["token_found", T(net.FuseProductW)], ["fuse_product"]);
        g.AddNode("Add", ["fuse_text", "fuse_image"], ["fuse_both"]);
        g.AddNode("Add", ["fuse_both", "fuse_product"], ["fuse_pair"]);
        g.AddNode("Add", ["fuse_pair", "fuse_found"], ["fuse_sum"]);
        g.AddNode("Add", ["fuse_sum", net.FuseB.Name], ["fuse_pre"]);
        g.AddNode("Relu", ["fuse_pre"], ["fused"]);
        g.AddNode("Mul", ["fused", "mask3"], ["fused_masked"]);
        g.AddNode("ReduceSum", ["fused_masked", "axis1"], ["fused_sum"], OnnxAttribute.Int("keepdims", 0));
        g.AddNode("ReduceSum", ["mask", "axis1"], ["token_count"], OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Div", ["fused_sum", "token_count"], ["pooled"]);
        g.AddNode("Gemm", ["pooled", net.HeadW.Name, net.HeadB.Name], ["itm_logits"], OnnxAttribute.Int("transB", 1));
        g.AddOutput("itm_logits", OnnxElementType.Float, "batch", 2);
        return g.ToBytes();
    }

    private static string T(ParameterSlice p) => p.Name + "_t";

    private static void Add(OnnxGraphBuilder g, MatcherNetwork net, ParameterSlice p) => g.AddInitializer(p.Name, p.Of(net.Values), p.Dims);

    /// <summary>Adds Wᵀ ([in, out]) so MatMul(x, Wᵀ) is the dense layer over the last axis.</summary>
    private static void AddTransposed(OnnxGraphBuilder g, MatcherNetwork net, ParameterSlice p)
    {
        var (rows, columns) = (p.Shape[0], p.Shape[1]);
        var source = p.Of(net.Values);
        var transposed = new float[source.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                transposed[(c * rows) + r] = source[(r * columns) + c];
            }
        }

        g.AddInitializer(T(p), transposed, columns, rows);
    }

    private static void AddCopy(OnnxGraphBuilder g, IReadOnlyDictionary<string, float[]> weights, string name, params long[] dims)
    {
        if (!weights.TryGetValue(name, out var values) || values.Length != dims.Aggregate(1L, (a, b) => a * b))
        {
            throw new InvalidDataException($"The dual encoder's vision graph has no {name} of shape [{string.Join(", ", dims)}].");
        }

        g.AddInitializer(name, values, dims);
    }
}
