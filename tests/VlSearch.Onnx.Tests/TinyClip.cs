using VlSearch.Core;

namespace VlSearch.Onnx.Tests;

/// <summary>
/// A tiny CLIP-shaped model with random weights, written as real ONNX files through the production exporter, plus
/// a plain C# re-implementation of both towers to check what ONNX Runtime returns through the loader.
/// </summary>
internal sealed class TinyClip
{
    public const int Width = 8;
    public const int Dim = 6;
    public const int Patch = 4;

    public static readonly string[] Merges = ["d o", "do g</w>", "c a", "ca t</w>", "p h", "o t", "ph ot", "phot o</w>", "o f</w>"];

    public TinyClip(int seed, PreprocessSpec? spec = null, int contextLength = 77)
    {
        var random = new Random(seed);
        Spec = spec ?? new PreprocessSpec { ResizeTo = 16, CropHeight = 16, CropWidth = 16 };
        ContextLength = contextLength;
        Vocabulary = ClipVocabulary.Build(Merges);
        TokenEmbedding = Floats(random, Vocabulary.Count * Width);
        TextProjection = Floats(random, Width * Dim);
        VisionProjection = Floats(random, Dim * PatchFeatures);
    }

    public PreprocessSpec Spec { get; }

    public int ContextLength { get; }

    public Dictionary<string, int> Vocabulary { get; }

    public float[] TokenEmbedding { get; }

    public float[] TextProjection { get; }

    /// <summary>[Dim, PatchFeatures], used with transB.</summary>
    public float[] VisionProjection { get; }

    public int PatchFeatures => 3 * (Spec.CropHeight / Patch) * (Spec.CropWidth / Patch);

    public static float[] Floats(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    /// <summary>Text tower: mean of token embeddings (over the mask when there is one), then a projection.</summary>
    public byte[] TextGraph(OnnxElementType idType, bool withMask, string idsName = "input_ids", string output = "text_embeds", object? batch = null)
    {
        var g = new OnnxGraphBuilder("text");
        batch ??= "batch";
        g.AddInput(idsName, idType, batch, "sequence");
        AddTextNodes(g, idsName, withMask ? "attention_mask" : null, output, batch);
        return g.ToBytes();
    }

    /// <summary>Vision tower: average pooling over patches, flattened, then a dense projection.</summary>
    public byte[] VisionGraph(string pixelsName = "pixel_values", string output = "image_embeds", object? batch = null, bool half = false)
    {
        var g = new OnnxGraphBuilder("vision");
        batch ??= "batch";
        if (!half)
        {
            g.AddInput(pixelsName, OnnxElementType.Float, batch, 3, Spec.CropHeight, Spec.CropWidth);
            AddVisionNodes(g, pixelsName, output, batch);
            return g.ToBytes();
        }

        // A float16 export: half-precision input and output around the float32 body.
        g.AddInput(pixelsName, OnnxElementType.Float16, batch, 3, Spec.CropHeight, Spec.CropWidth);
        g.AddNode("Cast", [pixelsName], ["pixels_f32"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        AddVisionNodes(g, "pixels_f32", "embeds_f32", batch, declareOutput: false);
        g.AddNode("Cast", ["embeds_f32"], [output], OnnxAttribute.Int("to", (long)OnnxElementType.Float16));
        g.AddOutput(output, OnnxElementType.Float16, batch, Dim);
        return g.ToBytes();
    }

    /// <summary>Both towers in one graph, as a Hugging Face CLIPModel export.</summary>
    public byte[] CombinedGraph()
    {
        var g = new OnnxGraphBuilder("clip");
        g.AddInput("input_ids", OnnxElementType.Int64, "text_batch", "sequence");
        g.AddInput("pixel_values", OnnxElementType.Float, "image_batch", 3, Spec.CropHeight, Spec.CropWidth);
        g.AddInput("attention_mask", OnnxElementType.Int64, "text_batch", "sequence");
        AddTextNodes(g, "input_ids", "attention_mask", "text_embeds", "text_batch", declareMask: false);
        AddVisionNodes(g, "pixel_values", "image_embeds", "image_batch");
        return g.ToBytes();
    }

    public ClipModelExport Export(string name, OnnxElementType idType = OnnxElementType.Int64, bool withMask = true) => new()
    {
        Name = name,
        VisionModel = VisionGraph(),
        TextModel = TextGraph(idType, withMask),
        Vocabulary = Vocabulary,
        Merges = Merges,
        EmbedDimension = Dim,
        ContextLength = ContextLength,
        Preprocess = Spec,
    };

    /// <summary>The OpenCLIP/immich flavour: inputs "text"/"image", outputs "embedding", vision fixed at batch 1.</summary>
    public ClipModelExport ExportOpenClip(string name) => Export(name) with
    {
        VisionModel = VisionGraph("image", "embedding", 1),
        TextModel = TextGraph(OnnxElementType.Int32, withMask: false, "text", "embedding"),
    };

    public float[] ExpectedText(long[] paddedIds, bool withMask, int padLengthUsed)
    {
        var pooled = new float[Width];
        var count = 0;
        for (var t = 0; t < paddedIds.Length; t++)
        {
            if (withMask && t >= padLengthUsed)
            {
                continue;
            }

            count++;
            for (var d = 0; d < Width; d++)
            {
                pooled[d] += TokenEmbedding[paddedIds[t] * Width + d];
            }
        }

        var result = new float[Dim];
        for (var o = 0; o < Dim; o++)
        {
            for (var d = 0; d < Width; d++)
            {
                result[o] += pooled[d] / count * TextProjection[d * Dim + o];
            }
        }

        VectorMath.NormalizeInPlace(result);
        return result;
    }

    public float[] ExpectedImage(ReadOnlySpan<float> pixels)
    {
        var gh = Spec.CropHeight / Patch;
        var gw = Spec.CropWidth / Patch;
        var features = new float[PatchFeatures];
        for (var c = 0; c < 3; c++)
        {
            for (var py = 0; py < gh; py++)
            {
                for (var px = 0; px < gw; px++)
                {
                    var sum = 0f;
                    for (var y = 0; y < Patch; y++)
                    {
                        for (var x = 0; x < Patch; x++)
                        {
                            sum += pixels[(c * Spec.CropHeight + py * Patch + y) * Spec.CropWidth + px * Patch + x];
                        }
                    }

                    features[(c * gh + py) * gw + px] = sum / (Patch * Patch);
                }
            }
        }

        var result = new float[Dim];
        for (var o = 0; o < Dim; o++)
        {
            for (var f = 0; f < features.Length; f++)
            {
                result[o] += features[f] * VisionProjection[o * PatchFeatures + f];
            }
        }

        VectorMath.NormalizeInPlace(result);
        return result;
    }

    private void AddTextNodes(OnnxGraphBuilder g, string ids, string? mask, string output, object batch, bool declareMask = true)
    {
        g.AddInitializer("token_embedding", TokenEmbedding, Vocabulary.Count, Width);
        g.AddInitializer("text_projection", TextProjection, Width, Dim);
        g.AddNode("Gather", ["token_embedding", ids], ["tokens"], OnnxAttribute.Int("axis", 0));
        if (mask is null)
        {
            g.AddNode("ReduceMean", ["tokens"], ["pooled"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        }
        else
        {
            if (declareMask)
            {
                g.AddInput(mask, OnnxElementType.Int64, batch, "sequence");
            }

            g.AddInitializer("mask_axes", new long[] { 2 }, 1);
            g.AddInitializer("sequence_axis", new long[] { 1 }, 1);
            g.AddNode("Cast", [mask], ["mask_float"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
            g.AddNode("Unsqueeze", ["mask_float", "mask_axes"], ["mask_3d"]);
            g.AddNode("Mul", ["tokens", "mask_3d"], ["masked"]);
            g.AddNode("ReduceSum", ["masked", "sequence_axis"], ["summed"], OnnxAttribute.Int("keepdims", 0));
            g.AddNode("ReduceSum", ["mask_3d", "sequence_axis"], ["counts"], OnnxAttribute.Int("keepdims", 0));
            g.AddNode("Div", ["summed", "counts"], ["pooled"]);
        }

        g.AddNode("MatMul", ["pooled", "text_projection"], [output]);
        g.AddOutput(output, OnnxElementType.Float, batch, Dim);
        // A second, non-embedding output, as real exports have (last_hidden_state).
        g.AddOutput("tokens", OnnxElementType.Float, batch, "sequence", Width);
    }

    private void AddVisionNodes(OnnxGraphBuilder g, string pixels, string output, object batch, bool declareOutput = true)
    {
        g.AddInitializer("visual_projection", VisionProjection, Dim, PatchFeatures);
        g.AddNode("AveragePool", [pixels], ["patches"], OnnxAttribute.Ints("kernel_shape", Patch, Patch), OnnxAttribute.Ints("strides", Patch, Patch));
        g.AddNode("Flatten", ["patches"], ["features"], OnnxAttribute.Int("axis", 1));
        g.AddNode("Gemm", ["features", "visual_projection"], [output], OnnxAttribute.Int("transB", 1));
        if (declareOutput)
        {
            g.AddOutput(output, OnnxElementType.Float, batch, Dim);
        }

        g.AddOutput("patches", OnnxElementType.Float, batch, 3, Spec.CropHeight / Patch, Spec.CropWidth / Patch);
    }
}
