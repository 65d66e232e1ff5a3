using System.Text.Json.Nodes;
using VlSearch.Onnx;
using VlSearch.Training.Matching;

namespace VlSearch.Training.Tagging;

/// <summary>
/// Writes the tagger in the DETR-style layout of docs/models.md ("Object taggers"): <c>onnx/model.onnx</c> takes
/// pixel_values [batch, 3, 224, 224] and gives logits [batch, 49, C+1] (last: no object), pred_boxes [batch, 49, 4]
/// (cx, cy, w, h relative to the image) and attribute_logits [batch, 49, A]; config.json names classes and attributes.
/// </summary>
internal static class TaggerExporter
{
    public static byte[] Model(TaggerNetwork net, IReadOnlyDictionary<string, float[]> dualEncoder, NetworkShape shape)
    {
        var g = new OnnxGraphBuilder("tagger");
        var size = SceneGenerator.ImageSize;
        var f = net.FeatureWidth;
        var cells = TaggerNetwork.Cells;
        var outputs = TaggerNetwork.OutputWidth;
        g.AddInput("pixel_values", OnnxElementType.Float, "batch", 3, size, size);
        Copy(g, dualEncoder, "conv1.weight", shape.Conv1.OutChannels, shape.Conv1.InChannels, shape.Conv1.KernelH, shape.Conv1.KernelW);
        Copy(g, dualEncoder, "conv1.bias", shape.Conv1.OutChannels);
        Copy(g, dualEncoder, "conv2.weight", shape.Conv2.OutChannels, shape.Conv2.InChannels, shape.Conv2.KernelH, shape.Conv2.KernelW);
        Copy(g, dualEncoder, "conv2.bias", shape.Conv2.OutChannels);

        // head1 as a 3×3 convolution over the grid: [hidden, tap, feature] → [hidden, feature, 3, 3], input scale folded in.
        var w1 = net.W1.Of(net.Values);
        var conv = new float[w1.Length];
        for (var h = 0; h < net.Hidden; h++)
        {
            for (var tap = 0; tap < 9; tap++)
            {
                for (var c = 0; c < f; c++)
                {
                    conv[(((h * f) + c) * 9) + tap] = w1[(h * net.InputWidth) + (tap * f) + c] * net.InputScale[c];
                }
            }
        }

        g.AddInitializer("head1.weight", conv, net.Hidden, f, 3, 3);
        g.AddInitializer("head1.bias", net.B1.Of(net.Values), net.Hidden);
        g.AddInitializer("head2.weight", net.W2.Of(net.Values), outputs, net.Hidden, 1, 1);
        g.AddInitializer("head2.bias", net.B2.Of(net.Values), outputs);
        g.AddInitializer("head_shape", (ReadOnlySpan<long>)[0, outputs, cells], 3);
        g.AddInitializer("split_sizes", (ReadOnlySpan<long>)[TaggerNetwork.Classes + 1, TaggerNetwork.AttributeCount, 4], 3);
        g.AddInitializer("box_scale", (ReadOnlySpan<float>)[1f / TaggerNetwork.Grid, 1f / TaggerNetwork.Grid, TaggerNetwork.MaxSize, TaggerNetwork.MaxSize], 4);
        var offsets = new float[cells * 4];
        for (var cell = 0; cell < cells; cell++)
        {
            offsets[cell * 4] = (float)(cell % TaggerNetwork.Grid) / TaggerNetwork.Grid;
            offsets[(cell * 4) + 1] = (float)(cell / TaggerNetwork.Grid) / TaggerNetwork.Grid;
        }

        g.AddInitializer("box_offset", offsets, cells, 4);

        const int k = NetworkShape.InputPool;
        g.AddNode("AveragePool", ["pixel_values"], ["pooled_pixels"], OnnxAttribute.Ints("kernel_shape", k, k), OnnxAttribute.Ints("strides", k, k));
        DualEncoderExporter.Conv(g, "pooled_pixels", "conv1.weight", "conv1.bias", "conv1", shape.Conv1);
        g.AddNode("Relu", ["conv1"], ["conv1_relu"]);
        DualEncoderExporter.Conv(g, "conv1_relu", "conv2.weight", "conv2.bias", "conv2", shape.Conv2);
        g.AddNode("Relu", ["conv2"], ["conv2_relu"]);
        g.AddNode("SpaceToDepth", ["conv2_relu"], ["grid"], OnnxAttribute.Int("blocksize", 2));
        g.AddNode("Conv", ["grid", "head1.weight", "head1.bias"], ["head1"],
            OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Ints("strides", 1, 1));
        g.AddNode("Relu", ["head1"], ["head1_relu"]);
        g.AddNode("Conv", ["head1_relu", "head2.weight", "head2.bias"], ["head2"], OnnxAttribute.Ints("kernel_shape", 1, 1));
        g.AddNode("Reshape", ["head2", "head_shape"], ["head_by_cell"]);
        g.AddNode("Transpose", ["head_by_cell"], ["queries"], OnnxAttribute.Ints("perm", 0, 2, 1));
        g.AddNode("Split", ["queries", "split_sizes"], ["logits", "attribute_logits", "box_raw"], OnnxAttribute.Int("axis", 2));
        g.AddNode("Sigmoid", ["box_raw"], ["box_unit"]);
        g.AddNode("Mul", ["box_unit", "box_scale"], ["box_scaled"]);
        g.AddNode("Add", ["box_scaled", "box_offset"], ["pred_boxes"]);
        g.AddOutput("logits", OnnxElementType.Float, "batch", cells, TaggerNetwork.Classes + 1);
        g.AddOutput("pred_boxes", OnnxElementType.Float, "batch", cells, 4);
        g.AddOutput("attribute_logits", OnnxElementType.Float, "batch", cells, TaggerNetwork.AttributeCount);
        return g.ToBytes();
    }

    public static JsonObject Config(string name, float iouThreshold)
    {
        JsonObject Map(IReadOnlyList<string> labels)
        {
            var map = new JsonObject();
            for (var i = 0; i < labels.Count; i++)
            {
                map[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = labels[i];
            }

            return map;
        }

        return new JsonObject
        {
            ["_name_or_path"] = name,
            ["architectures"] = new JsonArray("VlSearchTinyTagger"),
            ["model_type"] = "detr",
            ["num_queries"] = TaggerNetwork.Cells,
            ["id2label"] = Map(TaggerVocabulary.Objects),
            ["attribute_id2label"] = Map(TaggerVocabulary.Attributes),
            ["iou_threshold"] = iouThreshold,
            ["attribute_threshold"] = 0.5,
        };
    }

    public static JsonObject Preprocessor() => new()
    {
        ["image_processor_type"] = "DetrImageProcessor",
        ["do_resize"] = true,
        ["size"] = new JsonObject { ["height"] = SceneGenerator.ImageSize, ["width"] = SceneGenerator.ImageSize },
        ["do_rescale"] = true,
        ["rescale_factor"] = 1.0 / 255,
        ["do_normalize"] = true,
        ["image_mean"] = new JsonArray([.. DualEncoderTrainer.Preprocess.Mean.Select(v => (JsonNode)(double)v)]),
        ["image_std"] = new JsonArray([.. DualEncoderTrainer.Preprocess.Std.Select(v => (JsonNode)(double)v)]),
        ["do_pad"] = false,
    };

    private static void Copy(OnnxGraphBuilder g, IReadOnlyDictionary<string, float[]> weights, string name, params long[] dims)
    {
        if (!weights.TryGetValue(name, out var values) || values.Length != dims.Aggregate(1L, (a, b) => a * b))
        {
            throw new InvalidDataException($"The dual encoder's vision graph has no {name} of shape [{string.Join(", ", dims)}].");
        }

        g.AddInitializer(name, values, dims);
    }
}
