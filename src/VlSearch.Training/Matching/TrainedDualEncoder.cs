using System.Text.Json;
using VlSearch.Onnx;

namespace VlSearch.Training.Matching;

/// <summary>
/// A dual encoder trained by <see cref="DualEncoderTrainer"/> and exported (vlsearch-tiny), read back from its model
/// folder into the training network: the matcher mines its hard negatives with it and reuses its image grid.
/// </summary>
internal sealed class TrainedDualEncoder
{
    private TrainedDualEncoder(DualEncoderNetwork network, ClipTokenizer tokenizer, Dictionary<string, float[]> vision, float scale, string name)
    {
        Network = network;
        Tokenizer = tokenizer;
        VisionWeights = vision;
        Scale = scale;
        Name = name;
    }

    public DualEncoderNetwork Network { get; }

    public ClipTokenizer Tokenizer { get; }

    public Dictionary<string, float[]> VisionWeights { get; }

    /// <summary>The contrastive temperature's inverse the model was trained with (its similarity scale).</summary>
    public float Scale { get; }

    public string Name { get; }

    public int FeatureTokens => Network.Shape.GridSize * Network.Shape.GridSize;

    /// <summary>
    /// Channels of one feature token: the second convolution's channels at each of the 2×2 positions a grid cell
    /// covers (space-to-depth), so the matcher sees the arrangement inside a cell that an average would blur.
    /// </summary>
    public int FeatureWidth => Network.Shape.ImageChannels2 * 4;

    public static TrainedDualEncoder Load(string folder)
    {
        string Need(string relative)
        {
            var path = Path.Combine(folder, relative);
            return File.Exists(path) ? path : throw new FileNotFoundException($"The dual encoder folder {folder} has no {relative}.", path);
        }

        var vision = OnnxInitializers.ReadTensors(File.ReadAllBytes(Need(Path.Combine("onnx", "vision_model.onnx"))));
        var text = OnnxInitializers.ReadTensors(File.ReadAllBytes(Need(Path.Combine("onnx", "text_model.onnx"))));
        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Need("vocab.json")))
            ?? throw new InvalidDataException("vocab.json is empty.");
        var merges = File.ReadAllLines(Need("merges.txt")).Where(l => l.Length > 0 && !l.StartsWith("#version", StringComparison.Ordinal)).ToList();
        using var config = JsonDocument.Parse(File.ReadAllText(Need("config.json")));
        var context = config.RootElement.GetProperty("text_config").GetProperty("max_position_embeddings").GetInt32();
        var name = config.RootElement.TryGetProperty("_name_or_path", out var n) ? n.GetString() ?? Path.GetFileName(folder) : Path.GetFileName(folder);

        long Dim(Dictionary<string, (float[] Values, long[] Dims)> weights, string tensor, int axis) =>
            weights.TryGetValue(tensor, out var t) && t.Dims.Length > axis ? t.Dims[axis] : throw new InvalidDataException($"{folder}: no {tensor} in the graphs.");
        var shape = new NetworkShape(
            Vocabulary: (int)Dim(text, "token_embedding", 0),
            EmbedDimension: (int)Dim(vision, "image_proj.weight", 0),
            ImageChannels1: (int)Dim(vision, "conv1.weight", 0),
            ImageChannels2: (int)Dim(vision, "conv2.weight", 0),
            ImageHidden: (int)Dim(vision, "image_fc1.weight", 0),
            TokenDimension: (int)Dim(text, "token_embedding", 1),
            TextWidth: (int)Dim(text, "text_proj.weight", 1),
            ContextLength: context,
            GlobalChannels: vision.TryGetValue("conv3.weight", out var conv3) ? (int)conv3.Dims[0] : 0);
        var network = new DualEncoderNetwork(shape);
        foreach (var slice in network.Slices)
        {
            if (slice.Name == "logit_scale")
            {
                continue;
            }

            var source = vision.TryGetValue(slice.Name, out var v) ? v : text.TryGetValue(slice.Name, out var t) ? t : default;
            if (source.Values is null || source.Values.Length != slice.Length)
            {
                throw new InvalidDataException($"{folder}: {slice.Name} is missing or has another shape than the training network's.");
            }

            source.Values.CopyTo(slice.Of(network.Values));
        }

        var scale = 1f / 0.07f;
        var report = Path.Combine(folder, "training-report.json");
        if (File.Exists(report))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(report));
            if (doc.RootElement.TryGetProperty("logitScale", out var s) && s.TryGetSingle(out var value))
            {
                scale = value;
            }
        }

        network.LogitScale.Of(network.Values)[0] = MathF.Log(scale);
        var tokenizer = ClipTokenizer.Create(vocabulary, merges, context);
        return new TrainedDualEncoder(network, tokenizer, vision.ToDictionary(x => x.Key, x => x.Value.Values, StringComparer.Ordinal), scale, name);
    }

    /// <summary>Token ids (start … end) as the dual encoder reads them.</summary>
    public int[] Tokenize(string text)
    {
        var padded = new long[Network.Shape.ContextLength];
        var count = Tokenizer.EncodePadded(text, padded, default);
        return [.. padded.Take(count).Select(x => (int)x)];
    }

    /// <summary>
    /// The image's embedding and its feature tokens: the second convolution's output rearranged space-to-depth
    /// (2×2 blocks), one token per 7×7 grid cell in row-major order ([cells, 4 × channels], channel index
    /// (row in block × 2 + column in block) × channels + channel, ONNX SpaceToDepth's order), exactly what the exported
    /// vision graph returns.
    /// </summary>
    public void Image(Core.RgbImage image, ImageActivations a, float[] pooled, Span<float> embedding, Span<float> features)
    {
        PixelPooling.Pool(image, DualEncoderTrainer.Preprocess, pooled);
        Network.ForwardImage(pooled, a, embedding);
        var shape = Network.Shape;
        var channels = shape.ImageChannels2;
        var side = shape.Conv2.OutWidth;
        var grid = shape.GridSize;
        for (var cy = 0; cy < grid; cy++)
        {
            for (var cx = 0; cx < grid; cx++)
            {
                var token = features.Slice(((cy * grid) + cx) * FeatureWidth, FeatureWidth);
                for (var by = 0; by < 2; by++)
                {
                    for (var bx = 0; bx < 2; bx++)
                    {
                        for (var c = 0; c < channels; c++)
                        {
                            token[(((by * 2) + bx) * channels) + c] = a.Out2[(((c * side) + (2 * cy) + by) * side) + (2 * cx) + bx];
                        }
                    }
                }
            }
        }
    }
}
