using System.Text.Json.Nodes;
using VlSearch.Onnx;

namespace VlSearch.Testing;

/// <summary>
/// An ALIGN-shaped model (kakaobrain/align-base layout) with random weights: BERT WordPiece tokenizer (vocab.txt and
/// tokenizer.json), EfficientNet preprocessing (squash to 346, center crop 289, rescale to [-1, 1]), split towers in
/// <c>onnx/</c>. With <c>textOnly</c> the folder is the text tower alone, as transformers.js runs it (a BertModel).
/// </summary>
public static class RandomAlignModel
{
    public const int ContextLength = 64;

    private static readonly string[] Specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    private static readonly string[] Words =
    [
        "a", "photo", "of", "the", "dog", "cat", "red", "blue", "green", "car", "on", "in", "beach", "sunset", "mountain",
        "with", "and", "two", "people", "walking", "city", "night", "snow", "tree", "house", "child", "playing", "ball",
        "der", "die", "und", "hund", "katze", "le", "la", "chat", "chien", "el", "perro", "gato", "playa", "foto",
        "cafe", "uber", "strasse", "noel", "ete", "hello", "world", "what", "this", "is", "email", "example", "com",
    ];

    private static readonly string[] Subwords = ["ing", "er", "ed", "s", "es", "ly", "tion", "ph", "oto", "un", "re", "st"];

    /// <summary>The WordPiece vocabulary in id order.</summary>
    public static IReadOnlyList<string> Vocabulary { get; } = BuildVocabulary();

    public static string Write(string directory, bool textOnly = false, string name = "random-align", int dimension = 16, int seed = 11)
    {
        var random = new Random(seed);
        var embeddings = Weights(random, Vocabulary.Count * dimension);
        var projection = Weights(random, dimension * dimension);
        var vision = Weights(random, 3 * 17 * 17 * dimension);
        var onnx = Directory.CreateDirectory(Path.Combine(directory, "onnx")).FullName;
        File.WriteAllText(Path.Combine(directory, "vocab.txt"), string.Concat(Vocabulary.Select(t => t + "\n")));
        WriteJson(Path.Combine(directory, "tokenizer.json"), TokenizerJson());
        WriteJson(Path.Combine(directory, "tokenizer_config.json"), new JsonObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = true,
            ["model_max_length"] = ContextLength,
            ["pad_token"] = "[PAD]",
            ["unk_token"] = "[UNK]",
            ["cls_token"] = "[CLS]",
            ["sep_token"] = "[SEP]",
            ["mask_token"] = "[MASK]",
        });
        var text = TextGraph(dimension, embeddings, projection);
        if (textOnly)
        {
            File.WriteAllBytes(Path.Combine(onnx, "model.onnx"), text);
            WriteJson(Path.Combine(directory, "config.json"), new JsonObject
            {
                ["model_type"] = "bert",
                ["vocab_size"] = Vocabulary.Count,
                ["max_position_embeddings"] = ContextLength,
                ["pad_token_id"] = 0,
                ["hidden_size"] = dimension,
            });
            return directory;
        }

        File.WriteAllBytes(Path.Combine(onnx, "text_model.onnx"), text);
        File.WriteAllBytes(Path.Combine(onnx, "vision_model.onnx"), VisionGraph(dimension, vision));
        WriteJson(Path.Combine(directory, "preprocessor_config.json"), new JsonObject
        {
            ["image_processor_type"] = "EfficientNetImageProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["height"] = 346, ["width"] = 346 },
            ["do_center_crop"] = true,
            ["crop_size"] = new JsonObject { ["height"] = 289, ["width"] = 289 },
            ["resample"] = 3,
            ["do_rescale"] = true,
            ["rescale_factor"] = 1.0 / 127.5,
            ["rescale_offset"] = true,
            ["do_normalize"] = false,
            ["include_top"] = false,
            ["image_mean"] = new JsonArray(0.485, 0.456, 0.406),
            ["image_std"] = new JsonArray(0.229, 0.224, 0.225),
        });
        WriteJson(Path.Combine(directory, "config.json"), new JsonObject
        {
            ["_name_or_path"] = name,
            ["model_type"] = "align",
            ["projection_dim"] = dimension,
            ["text_config"] = new JsonObject
            {
                ["model_type"] = "align_text_model",
                ["vocab_size"] = Vocabulary.Count,
                ["max_position_embeddings"] = ContextLength,
                ["pad_token_id"] = 0,
            },
            ["vision_config"] = new JsonObject { ["model_type"] = "align_vision_model", ["image_size"] = 289 },
        });
        return directory;
    }

    private static List<string> BuildVocabulary()
    {
        var vocabulary = new List<string>(Specials);
        var seen = new HashSet<string>(vocabulary, StringComparer.Ordinal);
        void Add(string token)
        {
            if (seen.Add(token))
            {
                vocabulary.Add(token);
            }
        }

        foreach (var word in Words)
        {
            Add(word);
        }

        foreach (var subword in Subwords)
        {
            Add("##" + subword);
        }

        foreach (var c in "abcdefghijklmnopqrstuvwxyz0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
        {
            Add(c.ToString());
            Add("##" + c);
        }

        foreach (var c in "犬猫写真の海山夜雪車赤狗和照片的собакаотиγάτσκύλο")
        {
            Add(c.ToString());
            Add("##" + c);
        }

        return vocabulary;
    }

    private static byte[] TextGraph(int dimension, float[] embeddings, float[] projection)
    {
        // Masked mean of the token embeddings plus a token-type term, then a projection (BERT's inputs, a toy body).
        var g = new OnnxGraphBuilder("text");
        g.AddInput("input_ids", OnnxElementType.Int64, "batch", "sequence");
        g.AddInput("attention_mask", OnnxElementType.Int64, "batch", "sequence");
        g.AddInput("token_type_ids", OnnxElementType.Int64, "batch", "sequence");
        g.AddOutput("text_embeds", OnnxElementType.Float, "batch", dimension);
        g.AddInitializer("embeddings", embeddings, Vocabulary.Count, dimension);
        g.AddInitializer("projection", projection, dimension, dimension);
        g.AddInitializer("axes", [1L], 1);
        g.AddInitializer("axes_2", [2L], 1);
        g.AddNode("Add", ["input_ids", "token_type_ids"], ["typed_ids"]);
        g.AddNode("Gather", ["embeddings", "typed_ids"], ["tokens"], OnnxAttribute.Int("axis", 0));
        g.AddNode("Cast", ["attention_mask"], ["mask_f"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddNode("Unsqueeze", ["mask_f", "axes_2"], ["mask3"]);
        g.AddNode("Mul", ["tokens", "mask3"], ["masked"]);
        g.AddNode("ReduceSum", ["masked", "axes"], ["summed"], OnnxAttribute.Int("keepdims", 0));
        g.AddNode("ReduceSum", ["mask_f", "axes"], ["count"], OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Div", ["summed", "count"], ["pooled"]);
        g.AddNode("MatMul", ["pooled", "projection"], ["text_embeds"]);
        return g.ToBytes();
    }

    private static byte[] VisionGraph(int dimension, float[] weights)
    {
        var g = new OnnxGraphBuilder("vision");
        g.AddInput("pixel_values", OnnxElementType.Float, "batch", 3, 289, 289);
        g.AddOutput("image_embeds", OnnxElementType.Float, "batch", dimension);
        g.AddInitializer("w", weights, 3 * 17 * 17, dimension);
        g.AddNode("AveragePool", ["pixel_values"], ["pooled"], OnnxAttribute.Ints("kernel_shape", 17, 17), OnnxAttribute.Ints("strides", 17, 17));
        g.AddNode("Flatten", ["pooled"], ["flat"], OnnxAttribute.Int("axis", 1));
        g.AddNode("MatMul", ["flat", "w"], ["image_embeds"]);
        return g.ToBytes();
    }

    private static JsonObject TokenizerJson()
    {
        var vocab = new JsonObject();
        for (var i = 0; i < Vocabulary.Count; i++)
        {
            vocab[Vocabulary[i]] = i;
        }

        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray([.. Specials.Select((t, i) => (JsonNode?)new JsonObject
            {
                ["id"] = i,
                ["content"] = t,
                ["single_word"] = false,
                ["lstrip"] = false,
                ["rstrip"] = false,
                ["normalized"] = false,
                ["special"] = true,
            })]),
            ["normalizer"] = new JsonObject { ["type"] = "BertNormalizer", ["clean_text"] = true, ["handle_chinese_chars"] = true, ["strip_accents"] = null, ["lowercase"] = true },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[CLS]", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[SEP]", ["type_id"] = 0 } }),
                ["pair"] = new JsonArray(
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[CLS]", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[SEP]", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } },
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[SEP]", ["type_id"] = 1 } }),
                ["special_tokens"] = new JsonObject
                {
                    ["[CLS]"] = new JsonObject { ["id"] = "[CLS]", ["ids"] = new JsonArray(2), ["tokens"] = new JsonArray("[CLS]") },
                    ["[SEP]"] = new JsonObject { ["id"] = "[SEP]", ["ids"] = new JsonArray(3), ["tokens"] = new JsonArray("[SEP]") },
                },
            },
            ["decoder"] = new JsonObject { ["type"] = "WordPiece", ["prefix"] = "##", ["cleanup"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "WordPiece",
                ["unk_token"] = "[UNK]",
                ["continuing_subword_prefix"] = "##",
                ["max_input_chars_per_word"] = 100,
                ["vocab"] = vocab,
            },
        };
    }

    private static float[] Weights(Random random, int count)
    {
        var weights = new float[count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return weights;
    }

    private static void WriteJson(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n");
}
