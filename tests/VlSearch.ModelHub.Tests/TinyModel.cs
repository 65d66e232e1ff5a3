using VlSearch.Core;
using VlSearch.Onnx;

namespace VlSearch.ModelHub.Tests;

/// <summary>A complete, loadable CLIP-shaped model with small random weights, written in Hugging Face layout.</summary>
internal static class TinyModel
{
    public const int Dimension = 8;
    public const int Side = 16;

    public static readonly PreprocessSpec Spec = new() { ResizeTo = Side, CropHeight = Side, CropWidth = Side };

    private static readonly string[] Merges = ["t h", "th e</w>", "c a", "ca t</w>", "d o", "do g</w>"];

    public static void Write(string directory, string name, int seed, bool quantizedToo = false)
    {
        var export = new ClipModelExport
        {
            Name = name,
            VisionModel = VisionGraph(seed),
            TextModel = TextGraph(seed + 1),
            Vocabulary = ClipVocabulary.Build(Merges),
            Merges = Merges,
            EmbedDimension = Dimension,
            Preprocess = Spec,
        };
        ClipModelDirectory.Write(directory, export, ClipModelLayout.HuggingFace);
        if (quantizedToo)
        {
            File.WriteAllBytes(Path.Combine(directory, "onnx", "vision_model_quantized.onnx"), VisionGraph(seed + 2));
            File.WriteAllBytes(Path.Combine(directory, "onnx", "text_model_quantized.onnx"), TextGraph(seed + 3));
        }
    }

    /// <summary>The catalog entry a hub serving <paramref name="directory"/> as <paramref name="repo"/> would have.</summary>
    public static KnownModel CatalogEntry(string name, string repo, string directory, bool withChecksums)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .Select(p =>
            {
                var bytes = File.ReadAllBytes(Path.Combine(directory, p));
                var variant = p.StartsWith("onnx/", StringComparison.Ordinal) ? (p.Contains("_quantized", StringComparison.Ordinal) ? "quantized" : "") : null;
                return withChecksums
                    ? new KnownModelFile(p, bytes.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), variant)
                    : new KnownModelFile(p, Variant: variant);
            })
            .ToList();
        return new KnownModel { Name = name, Repo = repo, Dimension = Dimension, Description = "tiny test model", Files = files };
    }

    private static byte[] VisionGraph(int seed)
    {
        var inputs = 3 * Side * Side;
        var g = new OnnxGraphBuilder("vision");
        g.AddInput("pixel_values", OnnxElementType.Float, "batch", 3, Side, Side);
        g.AddInitializer("w", RandomWeights(seed, Dimension * inputs), Dimension, inputs);
        g.AddNode("Flatten", ["pixel_values"], ["flat"], OnnxAttribute.Int("axis", 1));
        g.AddNode("Gemm", ["flat", "w"], ["image_embeds"], OnnxAttribute.Int("transB", 1));
        g.AddOutput("image_embeds", OnnxElementType.Float, "batch", Dimension);
        return g.ToBytes();
    }

    private static byte[] TextGraph(int seed)
    {
        const int context = 77;
        var g = new OnnxGraphBuilder("text");
        g.AddInput("input_ids", OnnxElementType.Int64, "batch", context);
        g.AddInitializer("w", RandomWeights(seed, Dimension * context), Dimension, context);
        g.AddNode("Cast", ["input_ids"], ["ids"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddNode("Gemm", ["ids", "w"], ["text_embeds"], OnnxAttribute.Int("transB", 1));
        g.AddOutput("text_embeds", OnnxElementType.Float, "batch", Dimension);
        return g.ToBytes();
    }

    private static float[] RandomWeights(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
