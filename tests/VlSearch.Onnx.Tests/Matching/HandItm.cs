using System.Text.Json.Nodes;

namespace VlSearch.Onnx.Tests.Matching;

/// <summary>
/// A model folder in the split BLIP-ITM layout whose graphs can be checked by hand: the vision graph only
/// reshapes the pixels into [batch, Tokens, Width] features, and the text matcher's logits are
/// no match = 0.01 · Σ(input_ids · attention_mask) and match = Σ image_embeds + 0.5 · Σ image_attention_mask.
/// </summary>
internal static class HandItm
{
    public const int Size = 4;
    public const int Tokens = 6;
    public const int Width = 8;
    public const int MaxTextLength = 8;

    public static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "red", "circle", "left", "of", "blue", "square", ",", ".", "!",
        "photo", "##s", "un", "##believ", "##able", "[DEC]", "[ENC]",
    ];

    public static int Id(string token) => Array.IndexOf(Vocabulary, token);

    /// <summary>Expected probability of the hand graph for the given ids, mask and features.</summary>
    public static double Expected(IReadOnlyList<long> ids, IReadOnlyList<long> mask, ReadOnlySpan<float> features)
    {
        double noMatch = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            noMatch += ids[i] * mask[i];
        }

        noMatch *= 0.01;
        double match = 0.5 * Tokens;
        foreach (var value in features)
        {
            match += value;
        }

        return Math.Exp(match) / (Math.Exp(match) + Math.Exp(noMatch));
    }

    /// <summary>Writes every file of the layout into <paramref name="folder"/>.</summary>
    public static void Write(string folder, int? encTokenId = -1, int visionSize = Size, int textWidth = Width,
        string idsName = "input_ids", string logitsName = "itm_logits")
    {
        Directory.CreateDirectory(Path.Combine(folder, "onnx"));
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), Vocabulary);
        var config = Config(encTokenId == -1 ? Id("[ENC]") : encTokenId);
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), Preprocessor(Size).ToJsonString());
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{"tokenizer_class": "BertTokenizer", "do_lower_case": true}""");
        File.WriteAllBytes(Path.Combine(folder, "onnx", "vision_model.onnx"), VisionGraph(visionSize));
        File.WriteAllBytes(Path.Combine(folder, "onnx", "text_matcher.onnx"), TextGraph(textWidth, idsName, logitsName));
    }

    public static JsonObject Config(int? encTokenId) => new()
    {
        ["model_type"] = "blip",
        ["architectures"] = new JsonArray("BlipForImageTextRetrieval"),
        ["_name_or_path"] = "hand-itm",
        ["max_text_length"] = MaxTextLength,
        ["enc_token_id"] = encTokenId,
        ["text_config"] = new JsonObject { ["vocab_size"] = Vocabulary.Length, ["pad_token_id"] = 0 },
        ["vision_config"] = new JsonObject { ["image_size"] = Size },
    };

    public static JsonObject Preprocessor(int size) => new()
    {
        ["image_processor_type"] = "BlipImageProcessor",
        ["do_resize"] = true,
        ["size"] = new JsonObject { ["height"] = size, ["width"] = size },
        ["resample"] = 3,
        ["do_rescale"] = true,
        ["rescale_factor"] = 0.00392156862745098,
        ["do_normalize"] = true,
        ["image_mean"] = new JsonArray(0.5, 0.5, 0.5),
        ["image_std"] = new JsonArray(0.5, 0.5, 0.5),
        ["do_convert_rgb"] = true,
    };

    public static byte[] VisionGraph(int size)
    {
        var g = new OnnxGraphBuilder("vision");
        g.AddInput("pixel_values", OnnxElementType.Float, "batch", 3, size, size);
        g.AddInitializer("shape", [0L, Tokens, -1L], 3);
        g.AddNode("Reshape", ["pixel_values", "shape"], ["image_embeds"]);
        g.AddOutput("image_embeds", OnnxElementType.Float, "batch", Tokens, 3 * size * size / Tokens);
        return g.ToBytes();
    }

    public static byte[] TextGraph(int width, string idsName, string logitsName)
    {
        var g = new OnnxGraphBuilder("text_matcher");
        g.AddInput(idsName, OnnxElementType.Int64, "batch", "sequence");
        g.AddInput("attention_mask", OnnxElementType.Int64, "batch", "sequence");
        g.AddInput("image_embeds", OnnxElementType.Float, "batch", Tokens, width);
        g.AddInput("image_attention_mask", OnnxElementType.Int64, "batch", Tokens);
        g.AddInitializer("axes1", [1L], 1);
        g.AddInitializer("axes12", [1L, 2L], 2);
        g.AddInitializer("hundredth", [0.01f]);
        g.AddInitializer("half", [0.5f]);
        g.AddNode("Mul", [idsName, "attention_mask"], ["kept"]);
        g.AddNode("Cast", ["kept"], ["kept_f"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddNode("ReduceSum", ["kept_f", "axes1"], ["id_sum"], OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Mul", ["id_sum", "hundredth"], ["no_match"]);
        g.AddNode("ReduceSum", ["image_embeds", "axes12"], ["feature_sum"], OnnxAttribute.Int("keepdims", 0));
        g.AddNode("Unsqueeze", ["feature_sum", "axes1"], ["feature_sum2"]);
        g.AddNode("Cast", ["image_attention_mask"], ["image_mask_f"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddNode("ReduceSum", ["image_mask_f", "axes1"], ["mask_sum"], OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Mul", ["mask_sum", "half"], ["mask_term"]);
        g.AddNode("Add", ["feature_sum2", "mask_term"], ["match"]);
        g.AddNode("Concat", ["no_match", "match"], [logitsName], OnnxAttribute.Int("axis", 1));
        g.AddOutput(logitsName, OnnxElementType.Float, "batch", 2);
        return g.ToBytes();
    }
}
