using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VlSearch.Onnx.Matching;

/// <summary>
/// Writes a random-weight model in the split BLIP-ITM layout: a ViT (patch convolution, class token, pre-norm
/// blocks) as <c>onnx/vision_model.onnx</c>, and a BERT text encoder whose every layer self-attends, cross-attends
/// to the image tokens and runs its feed-forward block (post-norm), with the ITM head on the first token, as
/// <c>onnx/text_matcher.onnx</c>; plus config, preprocessing and vocabulary files. Its numbers mean nothing; its
/// sizes and operators are those of the real model, which is what timing needs.
/// </summary>
public static class BlipItmModelWriter
{
    private static readonly string[] Words =
    [
        "a", "an", "the", "of", "photo", "red", "green", "blue", "yellow", "black", "white", "small", "large", "big",
        "circle", "square", "triangle", "left", "right", "above", "below", "next", "to", "on", "in", "and", "with",
        "dog", "cat", "man", "woman", "beach", "tree", "car", "house", "sky", "water", "##s", "##ing", "##ed", ".", ",",
    ];

    /// <summary>Writes the model into <paramref name="folder"/> (created if needed).</summary>
    /// <param name="folder">Target folder.</param>
    /// <param name="sizes">Architecture sizes, e.g. <see cref="BlipItmSizes.Base"/>.</param>
    /// <param name="seed">Seed of the random weights.</param>
    /// <param name="id">The model id written as config.json's _name_or_path.</param>
    public static void Write(string folder, BlipItmSizes sizes, int seed = 1, string id = "random-blip-itm")
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.ImageSize % sizes.PatchSize != 0 || sizes.VisionWidth % sizes.VisionHeads != 0 || sizes.TextWidth % sizes.TextHeads != 0)
        {
            throw new ArgumentException("The image size must be a multiple of the patch size and each width a multiple of its heads.", nameof(sizes));
        }

        if (sizes.VocabSize < 8 || sizes.MaxPositions < sizes.MaxTextLength)
        {
            throw new ArgumentException("The vocabulary needs at least 8 tokens and the positions must cover max_text_length.", nameof(sizes));
        }

        Directory.CreateDirectory(Path.Combine(folder, "onnx"));
        WriteVision(sizes, seed).Builder.Save(Path.Combine(folder, "onnx", "vision_model.onnx"));
        WriteTextMatcher(sizes, seed + 1).Builder.Save(Path.Combine(folder, "onnx", "text_matcher.onnx"));
        var encId = sizes.VocabSize - 1;
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), Vocabulary(sizes.VocabSize));
        WriteJson(Path.Combine(folder, "config.json"), new JsonObject
        {
            ["model_type"] = "blip",
            ["architectures"] = new JsonArray("BlipForImageTextRetrieval"),
            ["_name_or_path"] = id,
            ["max_text_length"] = sizes.MaxTextLength,
            ["enc_token_id"] = encId,
            ["text_config"] = new JsonObject { ["vocab_size"] = sizes.VocabSize, ["pad_token_id"] = 0, ["hidden_size"] = sizes.TextWidth },
            ["vision_config"] = new JsonObject { ["image_size"] = sizes.ImageSize, ["patch_size"] = sizes.PatchSize, ["hidden_size"] = sizes.VisionWidth },
        });
        WriteJson(Path.Combine(folder, "preprocessor_config.json"), new JsonObject
        {
            ["image_processor_type"] = "BlipImageProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["height"] = sizes.ImageSize, ["width"] = sizes.ImageSize },
            ["resample"] = 3,
            ["do_rescale"] = true,
            ["rescale_factor"] = 1.0 / 255,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(0.48145466, 0.4578275, 0.40821073),
            ["image_std"] = new JsonArray(0.26862954, 0.26130258, 0.27577711),
            ["do_convert_rgb"] = true,
        });
        WriteJson(Path.Combine(folder, "tokenizer_config.json"), new JsonObject { ["tokenizer_class"] = "BertTokenizer", ["do_lower_case"] = true });
    }

    private static TransformerGraph WriteVision(BlipItmSizes s, int seed)
    {
        var g = new TransformerGraph("vision_model", seed);
        var b = g.Builder;
        var width = s.VisionWidth;
        var grid = s.ImageSize / s.PatchSize;
        b.AddInput("pixel_values", OnnxElementType.Float, "batch", 3, s.ImageSize, s.ImageSize);
        var patches = g.Node("Conv", ["pixel_values", g.Weight("patch_w", 0.02f, width, 3, s.PatchSize, s.PatchSize), g.Weight("patch_b", 0.02f, width)], null,
            OnnxAttribute.Ints("kernel_shape", s.PatchSize, s.PatchSize), OnnxAttribute.Ints("strides", s.PatchSize, s.PatchSize));
        var flat = g.Node("Reshape", [patches, g.Constant("flat_shape", [0L, width, grid * grid], 3)]);
        var tokens = g.Node("Transpose", [flat], null, OnnxAttribute.Ints("perm", 0, 2, 1));

        // The class token is broadcast to the batch: Expand to [batch, 1, width].
        var batch = g.Node("Gather", [g.Node("Shape", [tokens]), g.Constant("zero", [0L], 1)], null, OnnxAttribute.Int("axis", 0));
        var clsShape = g.Node("Concat", [batch, g.Constant("cls_tail", [1L, width], 2)], null, OnnxAttribute.Int("axis", 0));
        var cls = g.Node("Expand", [g.Weight("cls", 0.02f, 1, 1, width), clsShape]);
        var x = g.Node("Concat", [cls, tokens], null, OnnxAttribute.Int("axis", 1));
        x = g.Node("Add", [x, g.Weight("pos", 0.02f, 1, s.FeatureTokens, width)]);
        for (var layer = 0; layer < s.VisionLayers; layer++)
        {
            var normed = g.LayerNorm(x, width, 1e-6f);
            x = g.Node("Add", [x, g.Attention(normed, normed, null, width, width, s.VisionHeads)]);
            x = g.Node("Add", [x, g.FeedForward(g.LayerNorm(x, width, 1e-6f), width, s.VisionIntermediate)]);
        }

        g.LayerNorm(x, width, 1e-6f, "image_embeds");
        b.AddOutput("image_embeds", OnnxElementType.Float, "batch", s.FeatureTokens, width);
        return g;
    }

    private static TransformerGraph WriteTextMatcher(BlipItmSizes s, int seed)
    {
        var g = new TransformerGraph("text_matcher", seed);
        var b = g.Builder;
        var width = s.TextWidth;
        b.AddInput("input_ids", OnnxElementType.Int64, "batch", "sequence");
        b.AddInput("attention_mask", OnnxElementType.Int64, "batch", "sequence");
        b.AddInput("image_embeds", OnnxElementType.Float, "batch", s.FeatureTokens, s.VisionWidth);
        b.AddInput("image_attention_mask", OnnxElementType.Int64, "batch", s.FeatureTokens);
        var words = g.Node("Gather", [g.Weight("word_embeddings", 0.02f, s.VocabSize, width), "input_ids"], null, OnnxAttribute.Int("axis", 0));
        var length = g.Node("Shape", ["input_ids"], null, OnnxAttribute.Int("start", 1), OnnxAttribute.Int("end", 2));
        var positions = g.Node("Slice", [g.Weight("position_embeddings", 0.02f, s.MaxPositions, width), g.Constant("zero", [0L], 1), length, g.Constant("axis0", [0L], 1)]);
        var x = g.LayerNorm(g.Node("Add", [words, positions]), width, 1e-12f);
        var selfBias = g.MaskBias("attention_mask");
        var crossBias = g.MaskBias("image_attention_mask");
        for (var layer = 0; layer < s.TextLayers; layer++)
        {
            x = g.LayerNorm(g.Node("Add", [x, g.Attention(x, x, selfBias, width, width, s.TextHeads)]), width, 1e-12f);
            x = g.LayerNorm(g.Node("Add", [x, g.Attention(x, "image_embeds", crossBias, width, s.VisionWidth, s.TextHeads)]), width, 1e-12f);
            x = g.LayerNorm(g.Node("Add", [x, g.FeedForward(x, width, s.TextIntermediate)]), width, 1e-12f);
        }

        var first = g.Node("Gather", [x, g.Constant("first", [0L])], null, OnnxAttribute.Int("axis", 1));
        g.Linear(first, width, 2, "itm_logits");
        b.AddOutput("itm_logits", OnnxElementType.Float, "batch", 2);
        return g;
    }

    private static IEnumerable<string> Vocabulary(int size)
    {
        string[] head = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
        var body = Words.Take(Math.Max(0, size - head.Length - 2)).ToList();
        var fillers = size - head.Length - 2 - body.Count;
        return head
            .Concat(body)
            .Concat(Enumerable.Range(0, fillers).Select(i => string.Create(CultureInfo.InvariantCulture, $"[unused{i}]")))
            .Concat(["[DEC]", "[ENC]"]);
    }

    private static void WriteJson(string path, JsonObject json) =>
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
