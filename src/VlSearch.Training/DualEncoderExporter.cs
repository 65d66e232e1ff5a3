using VlSearch.Onnx;

namespace VlSearch.Training;

/// <summary>
/// Writes the two towers of a <see cref="DualEncoderNetwork"/> as ONNX graphs with the input and output names of
/// Hugging Face CLIP exports (pixel_values → image_embeds; input_ids, attention_mask → text_embeds).
/// </summary>
internal static class DualEncoderExporter
{
    public static byte[] VisionModel(DualEncoderNetwork net)
    {
        var g = new OnnxGraphBuilder("vision_model");
        var size = SceneGenerator.ImageSize;
        g.AddInput("pixel_values", OnnxElementType.Float, "batch", 3, size, size);
        foreach (var p in new[] { net.Conv1W, net.Conv1B, net.Conv2W, net.Conv2B, net.Conv3W, net.Conv3B, net.Fc1W, net.Fc1B, net.Fc2W, net.Fc2B }.OfType<ParameterSlice>())
        {
            g.AddInitializer(p.Name, p.Of(net.Values), p.Dims);
        }

        const int k = NetworkShape.InputPool;
        g.AddNode("AveragePool", ["pixel_values"], ["pooled_pixels"], OnnxAttribute.Ints("kernel_shape", k, k), OnnxAttribute.Ints("strides", k, k));
        Conv(g, "pooled_pixels", net.Conv1W.Name, net.Conv1B.Name, "conv1", net.Shape.Conv1);
        g.AddNode("Relu", ["conv1"], ["conv1_relu"]);
        Conv(g, "conv1_relu", net.Conv2W.Name, net.Conv2B.Name, "conv2", net.Shape.Conv2);
        g.AddNode("Relu", ["conv2"], ["conv2_relu"]);
        g.AddNode("AveragePool", ["conv2_relu"], ["grid"], OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2));
        g.AddNode("Flatten", ["grid"], ["flat"], OnnxAttribute.Int("axis", 1));
        var features = "flat";
        if (net.Conv3W is { } conv3W && net.Conv3B is { } conv3B)
        {
            Conv(g, "conv2_relu", conv3W.Name, conv3B.Name, "conv3", net.Shape.Conv3);
            g.AddNode("Relu", ["conv3"], ["conv3_relu"]);
            g.AddNode("GlobalMaxPool", ["conv3_relu"], ["global_max"]);
            g.AddNode("Flatten", ["global_max"], ["global_flat"], OnnxAttribute.Int("axis", 1));
            g.AddNode("Concat", ["flat", "global_flat"], ["features"], OnnxAttribute.Int("axis", 1));
            features = "features";
        }

        g.AddNode("Gemm", [features, net.Fc1W.Name, net.Fc1B.Name], ["hidden"], OnnxAttribute.Int("transB", 1));
        g.AddNode("Relu", ["hidden"], ["hidden_relu"]);
        g.AddNode("Gemm", ["hidden_relu", net.Fc2W.Name, net.Fc2B.Name], ["projected"], OnnxAttribute.Int("transB", 1));
        g.AddNode("LpNormalization", ["projected"], ["image_embeds"], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("p", 2));
        g.AddOutput("image_embeds", OnnxElementType.Float, "batch", net.Shape.EmbedDimension);
        return g.ToBytes();
    }

    public static byte[] TextModel(DualEncoderNetwork net)
    {
        var g = new OnnxGraphBuilder("text_model");
        var shape = net.Shape;
        g.AddInput("input_ids", OnnxElementType.Int64, "batch", "sequence");
        g.AddInput("attention_mask", OnnxElementType.Int64, "batch", "sequence");
        g.AddInitializer(net.TokenEmbedding.Name, net.TokenEmbedding.Of(net.Values), net.TokenEmbedding.Dims);
        for (var layer = 0; layer < 3; layer++)
        {
            g.AddInitializer(net.TextConvW[layer].Name, net.TextConvW[layer].Of(net.Values), net.TextConvW[layer].Dims);
            g.AddInitializer(net.TextConvB[layer].Name, net.TextConvB[layer].Of(net.Values), net.TextConvB[layer].Dims);
        }

        g.AddInitializer(net.TextProjW.Name, net.TextProjW.Of(net.Values), net.TextProjW.Dims);
        g.AddInitializer(net.TextProjB.Name, net.TextProjB.Of(net.Values), net.TextProjB.Dims);
        g.AddInitializer("tokens_shape", (ReadOnlySpan<long>)[0, shape.TokenDimension, 1, -1], 4);
        g.AddInitializer("mask_shape", (ReadOnlySpan<long>)[0, 1, 1, -1], 4);
        g.AddInitializer("position_axes", (ReadOnlySpan<long>)[2, 3], 2);
        g.AddInitializer("sequence_axis", (ReadOnlySpan<long>)[1], 1);

        g.AddNode("Gather", [net.TokenEmbedding.Name, "input_ids"], ["token_vectors"], OnnxAttribute.Int("axis", 0));
        g.AddNode("Transpose", ["token_vectors"], ["channels_first"], OnnxAttribute.Ints("perm", 0, 2, 1));
        g.AddNode("Reshape", ["channels_first", "tokens_shape"], ["tokens"]);
        g.AddNode("Cast", ["attention_mask"], ["mask"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddNode("Reshape", ["mask", "mask_shape"], ["mask4"]);
        g.AddNode("Mul", ["tokens", "mask4"], ["layer0"]);
        var current = "layer0";
        for (var layer = 0; layer < 3; layer++)
        {
            var s = shape.TextConv(layer, 1);
            var conv = $"text_conv{layer + 1}";
            g.AddNode(
                "Conv",
                [current, net.TextConvW[layer].Name, net.TextConvB[layer].Name],
                [conv],
                OnnxAttribute.Ints("kernel_shape", s.KernelH, s.KernelW),
                OnnxAttribute.Ints("strides", 1, 1),
                OnnxAttribute.Ints("pads", 0, s.PadW, 0, s.PadW),
                OnnxAttribute.Ints("dilations", 1, s.DilationW));
            g.AddNode("Relu", [conv], [conv + "_relu"]);
            // Padding positions are zeroed before each layer so results do not depend on how far a batch is padded.
            g.AddNode("Mul", [conv + "_relu", "mask4"], [$"layer{layer + 1}"]);
            current = $"layer{layer + 1}";
        }

        g.AddNode("ReduceSum", [current, "position_axes"], ["summed"], OnnxAttribute.Int("keepdims", 0));
        g.AddNode("ReduceSum", ["mask", "sequence_axis"], ["token_count"], OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Div", ["summed", "token_count"], ["mean"]);
        g.AddNode("Gemm", ["mean", net.TextProjW.Name, net.TextProjB.Name], ["projected"], OnnxAttribute.Int("transB", 1));
        g.AddNode("LpNormalization", ["projected"], ["text_embeds"], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("p", 2));
        g.AddOutput("text_embeds", OnnxElementType.Float, "batch", shape.EmbedDimension);
        return g.ToBytes();
    }

    internal static void Conv(OnnxGraphBuilder g, string input, string weight, string bias, string output, ConvShape s) =>
        g.AddNode(
            "Conv",
            [input, weight, bias],
            [output],
            OnnxAttribute.Ints("kernel_shape", s.KernelH, s.KernelW),
            OnnxAttribute.Ints("strides", s.Stride, s.Stride),
            OnnxAttribute.Ints("pads", s.PadH, s.PadW, s.PadH, s.PadW));
}
