using System.Text.Json.Nodes;
using VlSearch.Onnx;

namespace VlSearch.Testing;

/// <summary>
/// A SigLIP-shaped model with random weights, in the transformers.js layout (<c>onnx/text_model.onnx</c>,
/// <c>onnx/vision_model.onnx</c>, <c>spiece.model</c> and its <c>tokenizer.json</c>) or immich's
/// (<c>textual/model.onnx</c> with an int32 [1, 64] input, <c>visual/model.onnx</c>, a Unigram <c>tokenizer.json</c>
/// only). The SentencePiece model is built to the format's specification from a small multilingual Unigram
/// vocabulary: special pieces as SigLIP has them (&lt;pad&gt; 0, &lt;/s&gt; 1, &lt;unk&gt; 2), then pieces with log
/// probabilities, a space marker only at the start of a piece.
/// </summary>
public static class RandomSiglipModel
{
    /// <summary>Token ids per text, as SigLIP was trained.</summary>
    public const int ContextLength = 64;

    /// <summary>The learned temperature's logarithm written into config.json (exp gives 10).</summary>
    public const double LogitScale = 2.302585092994046;

    /// <summary>The learned bias written into config.json.</summary>
    public const double LogitBias = -4.0;

    private const string Space = "\u2581";

    private static readonly string[] Words =
    [
        "a", "photo", "of", "the", "dog", "cat", "red", "blue", "green", "car", "on", "in", "beach", "sunset", "mountain",
        "with", "and", "two", "people", "walking", "city", "night", "snow", "tree", "house", "child", "playing", "ball",
        "der", "die", "und", "hund", "katze", "le", "la", "chat", "chien", "el", "perro", "gato", "playa", "foto",
        "собака", "кошка", "на", "фото", "σκύλος", "γάτα", "café", "über", "straße", "noël", "été",
    ];

    private static readonly string[] Subwords =
    [
        "ing", "er", "ed", "s", "es", "ph", "oto", "un", "re", "tion", "ly", "st", "ch", "th", "ou", "an", "en", "in",
        "ос", "ка", "ни", "το", "ής", "ung", "eur", "ión", "ción", "ß", "é", "è", "ê", "ü", "ö", "ä", "ñ", "ç",
        "犬", "猫", "写真", "の", "海", "山", "夜", "雪", "車", "赤", "狗", "猫咪", "照片", "的", "和",
    ];

    /// <summary>The vocabulary in id order.</summary>
    public static IReadOnlyList<SentencePieceEntry> Vocabulary { get; } = BuildVocabulary();

    /// <summary>Writes the model into <paramref name="directory"/> in <paramref name="layout"/>; returns the directory.</summary>
    public static string Write(string directory, ClipModelLayout layout, string name = "random-siglip", int dimension = 16, int seed = 5)
    {
        var random = new Random(seed);
        var embeddings = Weights(random, Vocabulary.Count * dimension);
        var projection = Weights(random, dimension * dimension);
        var vision = Weights(random, 147 * dimension);
        var openClip = layout == ClipModelLayout.OpenClip;
        var textModel = TextGraph(openClip ? "text" : "input_ids", openClip ? "embedding" : "pooler_output", openClip, dimension, Vocabulary.Count, embeddings, projection);
        var visionModel = VisionGraph(openClip ? "image" : "pixel_values", openClip ? "embedding" : "pooler_output", openClip, dimension, vision);
        var spiece = SentencePieceModelWriter.Write(Vocabulary, SentencePieceModelWriter.Unigram, unkId: 2, bosId: -1, eosId: 1, padId: 0);

        Directory.CreateDirectory(directory);
        if (openClip)
        {
            var textual = Directory.CreateDirectory(Path.Combine(directory, "textual")).FullName;
            var visual = Directory.CreateDirectory(Path.Combine(directory, "visual")).FullName;
            File.WriteAllBytes(Path.Combine(textual, "model.onnx"), textModel);
            File.WriteAllBytes(Path.Combine(visual, "model.onnx"), visionModel);
            WriteJson(Path.Combine(textual, "tokenizer.json"), TokenizerJson());
            WriteJson(Path.Combine(textual, "tokenizer_config.json"), TokenizerConfigJson());
            WriteJson(Path.Combine(visual, "preprocess_cfg.json"), ImmichPreprocessConfig());
            WriteJson(Path.Combine(directory, "config.json"), new JsonObject
            {
                ["model_name"] = name,
                ["embed_dim"] = dimension,
                ["logit_scale"] = LogitScale,
                ["logit_bias"] = LogitBias,
                ["vision_cfg"] = new JsonObject { ["image_size"] = 224 },
                ["text_cfg"] = new JsonObject
                {
                    ["context_length"] = ContextLength,
                    ["vocab_size"] = Vocabulary.Count,
                    ["hf_tokenizer_name"] = "timm/ViT-B-16-SigLIP",
                    ["tokenizer_kwargs"] = new JsonObject { ["clean"] = "canonicalize" },
                },
            });
            return directory;
        }

        var onnx = Directory.CreateDirectory(Path.Combine(directory, "onnx")).FullName;
        File.WriteAllBytes(Path.Combine(onnx, "text_model.onnx"), textModel);
        File.WriteAllBytes(Path.Combine(onnx, "vision_model.onnx"), visionModel);
        File.WriteAllBytes(Path.Combine(directory, "spiece.model"), spiece);
        WriteJson(Path.Combine(directory, "tokenizer.json"), TokenizerJson());
        WriteJson(Path.Combine(directory, "tokenizer_config.json"), TokenizerConfigJson());
        WriteJson(Path.Combine(directory, "special_tokens_map.json"), new JsonObject
        {
            ["eos_token"] = "</s>",
            ["pad_token"] = "</s>",
            ["unk_token"] = "<unk>",
        });
        WriteJson(Path.Combine(directory, "preprocessor_config.json"), new JsonObject
        {
            ["image_processor_type"] = "SiglipImageProcessor",
            ["processor_class"] = "SiglipProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["height"] = 224, ["width"] = 224 },
            ["resample"] = 3,
            ["do_rescale"] = true,
            ["rescale_factor"] = 1.0 / 255,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(0.5, 0.5, 0.5),
            ["image_std"] = new JsonArray(0.5, 0.5, 0.5),
        });
        WriteJson(Path.Combine(directory, "config.json"), new JsonObject
        {
            ["_name_or_path"] = name,
            ["architectures"] = new JsonArray("SiglipModel"),
            ["model_type"] = "siglip",
            ["logit_scale"] = LogitScale,
            ["logit_bias"] = LogitBias,
            ["text_config"] = new JsonObject
            {
                ["model_type"] = "siglip_text_model",
                ["hidden_size"] = dimension,
                ["max_position_embeddings"] = ContextLength,
                ["vocab_size"] = Vocabulary.Count,
                ["pad_token_id"] = 1,
                ["eos_token_id"] = 1,
            },
            ["vision_config"] = new JsonObject
            {
                ["model_type"] = "siglip_vision_model",
                ["hidden_size"] = dimension,
                ["image_size"] = 224,
                ["patch_size"] = 16,
                ["num_channels"] = 3,
            },
        });
        return directory;
    }

    private static List<SentencePieceEntry> BuildVocabulary()
    {
        var pieces = new List<SentencePieceEntry>
        {
            new("<pad>", 0, SentencePieceType.Control),
            new("</s>", 0, SentencePieceType.Control),
            new("<unk>", 0, SentencePieceType.Unknown),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal) { "<pad>", "</s>", "<unk>" };
        var score = -2.0f;
        void Add(string piece)
        {
            if (seen.Add(piece))
            {
                pieces.Add(new SentencePieceEntry(piece, score));
                // Later pieces are rarer; a small irregular step keeps ties away.
                score -= 0.05f + (0.013f * (pieces.Count % 7));
            }
        }

        Add(Space);
        foreach (var word in Words)
        {
            Add(Space + word);
        }

        foreach (var subword in Subwords)
        {
            Add(subword);
            Add(Space + subword);
        }

        // Every character of the pieces, and ASCII letters and digits, so that only truly foreign text is unknown.
        foreach (var c in "abcdefghijklmnopqrstuvwxyz0123456789" + string.Concat(Words) + string.Concat(Subwords))
        {
            Add(c.ToString());
        }

        return pieces;
    }

    internal static byte[] TextGraph(string input, string output, bool int32, int dimension, int vocabularySize, float[] embeddings, float[] projection)
    {
        // Mean of all 64 token embeddings (padding included, as the fixed-length towers see it), then a projection.
        var g = new OnnxGraphBuilder("text");
        g.AddInput(input, int32 ? OnnxElementType.Int32 : OnnxElementType.Int64, int32 ? 1 : "batch", int32 ? ContextLength : "sequence");
        g.AddOutput(output, OnnxElementType.Float, int32 ? 1 : "batch", dimension);
        g.AddInitializer("embeddings", embeddings, vocabularySize, dimension);
        g.AddInitializer("projection", projection, dimension, dimension);
        g.AddNode("Gather", ["embeddings", input], ["tokens"], OnnxAttribute.Int("axis", 0));
        g.AddNode("ReduceMean", ["tokens"], ["pooled"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        g.AddNode("MatMul", ["pooled", "projection"], [output]);
        return g.ToBytes();
    }

    internal static byte[] VisionGraph(string input, string output, bool fixedBatch, int dimension, float[] weights)
    {
        var g = new OnnxGraphBuilder("vision");
        g.AddInput(input, OnnxElementType.Float, fixedBatch ? 1 : "batch", 3, 224, 224);
        g.AddOutput(output, OnnxElementType.Float, fixedBatch ? 1 : "batch", dimension);
        g.AddInitializer("w", weights, 147, dimension);
        g.AddNode("AveragePool", [input], ["pooled"], OnnxAttribute.Ints("kernel_shape", 32, 32), OnnxAttribute.Ints("strides", 32, 32));
        g.AddNode("Flatten", ["pooled"], ["flat"], OnnxAttribute.Int("axis", 1));
        g.AddNode("MatMul", ["flat", "w"], [output]);
        return g.ToBytes();
    }

    /// <summary>
    /// The Hugging Face form of the same tokenizer: SigLIP's cleanup as normalizers (ASCII punctuation removed,
    /// white space collapsed and trimmed, lower case), a space marker before the text, the Unigram vocabulary, and
    /// &lt;/s&gt; after every text.
    /// </summary>
    private static JsonObject TokenizerJson() => new()
    {
        ["version"] = "1.0",
        ["truncation"] = null,
        ["padding"] = null,
        ["added_tokens"] = new JsonArray(Added(0, "<pad>"), Added(1, "</s>"), Added(2, "<unk>")),
        ["normalizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["normalizers"] = new JsonArray(
                new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["Regex"] = "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]" }, ["content"] = "" },
                new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["Regex"] = "\\s+" }, ["content"] = " " },
                new JsonObject { ["type"] = "Strip", ["strip_left"] = true, ["strip_right"] = true },
                new JsonObject { ["type"] = "Lowercase" }),
        },
        ["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = Space, ["prepend_scheme"] = "always", ["split"] = false },
        ["post_processor"] = new JsonObject
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new JsonArray(
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "</s>", ["type_id"] = 0 } }),
            ["pair"] = new JsonArray(
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "</s>", ["type_id"] = 0 } },
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 0 } },
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "</s>", ["type_id"] = 0 } }),
            ["special_tokens"] = new JsonObject
            {
                ["</s>"] = new JsonObject { ["id"] = "</s>", ["ids"] = new JsonArray(1), ["tokens"] = new JsonArray("</s>") },
            },
        },
        ["decoder"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = Space, ["prepend_scheme"] = "always", ["split"] = false },
        ["model"] = new JsonObject
        {
            ["type"] = "Unigram",
            ["unk_id"] = 2,
            ["byte_fallback"] = false,
            ["vocab"] = new JsonArray([.. Vocabulary.Select(p => (JsonNode?)new JsonArray(p.Piece, (double)p.Score))]),
        },
    };

    private static JsonObject TokenizerConfigJson() => new()
    {
        ["tokenizer_class"] = "SiglipTokenizer",
        ["model_max_length"] = ContextLength,
        ["do_lower_case"] = true,
        ["eos_token"] = "</s>",
        ["pad_token"] = "</s>",
        ["unk_token"] = "<unk>",
        ["additional_special_tokens"] = new JsonArray(),
    };

    internal static JsonObject Added(int id, string content) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = false,
        ["rstrip"] = false,
        ["normalized"] = false,
        ["special"] = true,
    };

    /// <summary>SigLIP's preprocessing in immich's <c>visual/preprocess_cfg.json</c>: 224 squashed, mean and std 0.5.</summary>
    internal static JsonObject ImmichPreprocessConfig() => new()
    {
        ["size"] = new JsonArray(224, 224),
        ["mode"] = "RGB",
        ["mean"] = new JsonArray(0.5, 0.5, 0.5),
        ["std"] = new JsonArray(0.5, 0.5, 0.5),
        ["interpolation"] = "bicubic",
        ["resize_mode"] = "squash",
        ["fill_color"] = 0,
    };

    internal static float[] Weights(Random random, int count)
    {
        var weights = new float[count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return weights;
    }

    internal static void WriteJson(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n");
}
