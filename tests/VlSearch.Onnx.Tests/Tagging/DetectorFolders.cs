using System.Text.Json.Nodes;

namespace VlSearch.Onnx.Tests.Tagging;

/// <summary>Writes detector folders in the DETR, YOLO and OWL layouts: random-weight graphs and graphs with known outputs.</summary>
internal static class DetectorFolders
{
    public static void WriteJson(string folder, string name, JsonObject json) =>
        File.WriteAllText(Path.Combine(folder, name), json.ToJsonString());

    public static void WriteModel(string folder, byte[] model)
    {
        Directory.CreateDirectory(Path.Combine(folder, "onnx"));
        File.WriteAllBytes(Path.Combine(folder, "onnx", "model.onnx"), model);
    }

    public static JsonObject Labels(params string[] labels)
    {
        var map = new JsonObject();
        for (var i = 0; i < labels.Length; i++)
        {
            map[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = labels[i];
        }

        return map;
    }

    public static JsonObject Preprocessor(JsonObject size) => new()
    {
        ["size"] = size,
        ["do_rescale"] = true,
        ["rescale_factor"] = 1.0 / 255,
        ["do_normalize"] = true,
        ["image_mean"] = new JsonArray(0.5, 0.5, 0.5),
        ["image_std"] = new JsonArray(0.25, 0.25, 0.25),
    };

    /// <summary>Outputs that are the given constants whatever the inputs (declared, unused).</summary>
    public static byte[] ConstantGraph(IReadOnlyList<(string Name, OnnxElementType Type, object[] Dims)> inputs, IReadOnlyList<(string Name, float[] Values, long[] Dims)> outputs)
    {
        var g = new OnnxGraphBuilder("constant");
        foreach (var (name, type, dims) in inputs)
        {
            g.AddInput(name, type, dims);
        }

        foreach (var (name, values, dims) in outputs)
        {
            g.AddInitializer(name + "_value", values, dims);
            g.AddNode("Identity", [name + "_value"], [name]);
            g.AddOutput(name, OnnxElementType.Float, [.. dims.Select(d => (object)d)]);
        }

        return g.ToBytes();
    }

    /// <summary>
    /// A random-weight DETR-style graph: pixels averaged per channel, a dense layer to every query's logits (and
    /// attribute logits), another to its boxes through a sigmoid. pixel_mask is taken, as the exports do.
    /// </summary>
    public static byte[] RandomDetr(int seed, int queries, int classes, int attributes)
    {
        var random = new Random(seed);
        var g = new OnnxGraphBuilder("detr");
        g.AddInput("pixel_values", OnnxElementType.Float, "batch", 3, "height", "width");
        g.AddInput("pixel_mask", OnnxElementType.Int64, "batch", "height", "width");
        AddPooled(g, "pixel_values");
        AddDense(g, random, "logits", queries, classes + 1, sigmoid: false);
        AddDense(g, random, "pred_boxes", queries, 4, sigmoid: true);
        if (attributes > 0)
        {
            AddDense(g, random, "attribute_logits", queries, attributes, sigmoid: false);
        }

        return g.ToBytes();
    }

    /// <summary>A random-weight YOLO-style graph [1, 4 + C, N]: boxes and scores through a sigmoid, boxes scaled to input pixels.</summary>
    public static byte[] RandomYolo(int seed, int size, int classes, int candidates)
    {
        var random = new Random(seed);
        var g = new OnnxGraphBuilder("yolo");
        g.AddInput("images", OnnxElementType.Float, 1, 3, size, size);
        AddPooled(g, "images");
        var rows = 4 + classes;
        g.AddInitializer("w_raw", TinyClip.Floats(random, 3 * rows * candidates), 3, rows * candidates);
        g.AddInitializer("shape_raw", (ReadOnlySpan<long>)[-1, rows, candidates], 3);
        var scale = new float[rows];
        Array.Fill(scale, 1f);
        scale.AsSpan(0, 4).Fill(size);
        g.AddInitializer("scale", scale, 1, rows, 1);
        g.AddNode("Gemm", ["pooled", "w_raw"], ["raw_flat"]);
        g.AddNode("Reshape", ["raw_flat", "shape_raw"], ["raw"]);
        g.AddNode("Sigmoid", ["raw"], ["squashed"]);
        g.AddNode("Mul", ["squashed", "scale"], ["output0"]);
        g.AddOutput("output0", OnnxElementType.Float, 1, rows, candidates);
        return g.ToBytes();
    }

    /// <summary>
    /// A random-weight OWL-style graph: label texts embedded and averaged, pixels pooled and projected to one embedding
    /// per query; logits are their dot products [1, Q, L], boxes a sigmoid of another projection.
    /// </summary>
    public static byte[] RandomOwl(int seed, int vocabulary, int queries, int size)
    {
        const int d = 4;
        var random = new Random(seed);
        var g = new OnnxGraphBuilder("owl");
        g.AddInput("input_ids", OnnxElementType.Int64, "texts", "sequence");
        g.AddInput("attention_mask", OnnxElementType.Int64, "texts", "sequence");
        g.AddInput("pixel_values", OnnxElementType.Float, 1, 3, size, size);
        g.AddInitializer("token_embedding", TinyClip.Floats(random, vocabulary * d), vocabulary, d);
        g.AddNode("Gather", ["token_embedding", "input_ids"], ["tokens"], OnnxAttribute.Int("axis", 0));
        g.AddNode("ReduceMean", ["tokens"], ["text_embeds"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        g.AddNode("Transpose", ["text_embeds"], ["text_t"], OnnxAttribute.Ints("perm", 1, 0));
        AddPooled(g, "pixel_values");
        g.AddInitializer("w_query", TinyClip.Floats(random, 3 * queries * d), 3, queries * d);
        g.AddInitializer("shape_query", (ReadOnlySpan<long>)[-1, queries, d], 3);
        g.AddNode("Gemm", ["pooled", "w_query"], ["query_flat"]);
        g.AddNode("Reshape", ["query_flat", "shape_query"], ["query_embeds"]);
        g.AddNode("MatMul", ["query_embeds", "text_t"], ["logits"]);
        g.AddOutput("logits", OnnxElementType.Float, 1, queries, "texts");
        AddDense(g, random, "pred_boxes", queries, 4, sigmoid: true);
        return g.ToBytes();
    }

    /// <summary>CLIP tokenizer files of the small test vocabulary, with a 16-token context as OWL-ViT has.</summary>
    public static int WriteTokenizer(string folder)
    {
        var vocabulary = ClipVocabulary.Build(TinyClip.Merges);
        var json = new JsonObject();
        foreach (var (token, id) in vocabulary)
        {
            json[token] = id;
        }

        WriteJson(folder, "vocab.json", json);
        File.WriteAllLines(Path.Combine(folder, "merges.txt"), ["#version: 0.2", .. TinyClip.Merges]);
        return vocabulary.Count;
    }

    private static void AddPooled(OnnxGraphBuilder g, string pixels)
    {
        g.AddNode("GlobalAveragePool", [pixels], ["pooled4"]);
        g.AddNode("Flatten", ["pooled4"], ["pooled"], OnnxAttribute.Int("axis", 1));
    }

    private static void AddDense(OnnxGraphBuilder g, Random random, string output, int queries, int width, bool sigmoid)
    {
        g.AddInitializer($"w_{output}", TinyClip.Floats(random, 3 * queries * width), 3, queries * width);
        g.AddInitializer($"b_{output}", TinyClip.Floats(random, queries * width), queries * width);
        g.AddInitializer($"shape_{output}", (ReadOnlySpan<long>)[-1, queries, width], 3);
        g.AddNode("Gemm", ["pooled", $"w_{output}", $"b_{output}"], [$"{output}_flat"]);
        g.AddNode("Reshape", [$"{output}_flat", $"shape_{output}"], [sigmoid ? $"{output}_raw" : output]);
        if (sigmoid)
        {
            g.AddNode("Sigmoid", [$"{output}_raw"], [output]);
        }

        g.AddOutput(output, OnnxElementType.Float, "batch", queries, width);
    }
}
