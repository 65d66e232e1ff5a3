using System.Text.Json.Nodes;
using VlSearch.Onnx;

namespace VlSearch.Testing;

/// <summary>
/// A multilingual CLIP with an XLM-RoBERTa-style text tower and random weights: fairseq's special ids (&lt;s&gt; 0,
/// &lt;pad&gt; 1, &lt;/s&gt; 2, &lt;unk&gt; 3, &lt;mask&gt; last), &lt;s&gt; … &lt;/s&gt; around each text, padding with
/// &lt;pad&gt; to 77 ids. Written in immich's layout (<c>textual/</c>, <c>visual/</c>, Unigram tokenizer.json), in the
/// Hugging Face split layout with a <c>sentencepiece.bpe.model</c> whose ids are one lower than the model's (the
/// fairseq offset), or as a text-only folder transformers.js runs as an XLMRobertaModel.
/// </summary>
public static class RandomXlmRobertaModel
{
    public const int ContextLength = 77;

    private const string Space = "\u2581";

    /// <summary>The model's vocabulary (fairseq ids).</summary>
    public static IReadOnlyList<SentencePieceEntry> Vocabulary { get; } =
    [
        new("<s>", 0, SentencePieceType.Control),
        new("<pad>", 0, SentencePieceType.Control),
        new("</s>", 0, SentencePieceType.Control),
        new("<unk>", 0, SentencePieceType.Unknown),
        .. RandomSiglipModel.Vocabulary.Where(p => p.Type == SentencePieceType.Normal),
        new("<mask>", 0, SentencePieceType.Control),
    ];

    /// <summary>Writes the model; <paramref name="layout"/> null writes the text-only transformers.js folder.</summary>
    public static string Write(string directory, ClipModelLayout? layout, string name = "random-xlmr", int dimension = 16, int seed = 9)
    {
        var random = new Random(seed);
        var embeddings = Weights(random, Vocabulary.Count * dimension);
        var projection = Weights(random, dimension * dimension);
        var vision = Weights(random, 147 * dimension);
        Directory.CreateDirectory(directory);
        if (layout == ClipModelLayout.OpenClip)
        {
            var textual = Directory.CreateDirectory(Path.Combine(directory, "textual")).FullName;
            var visual = Directory.CreateDirectory(Path.Combine(directory, "visual")).FullName;
            File.WriteAllBytes(Path.Combine(textual, "model.onnx"), TextGraph("text", "embedding", int32: true, withMask: false, dimension, embeddings, projection));
            File.WriteAllBytes(Path.Combine(visual, "model.onnx"), VisionGraph("image", "embedding", dimension, vision));
            WriteJson(Path.Combine(textual, "tokenizer.json"), TokenizerJson());
            WriteJson(Path.Combine(textual, "tokenizer_config.json"), TokenizerConfigJson());
            WriteJson(Path.Combine(visual, "preprocess_cfg.json"), new JsonObject
            {
                ["size"] = new JsonArray(224, 224),
                ["mode"] = "RGB",
                ["mean"] = new JsonArray(0.48145466, 0.4578275, 0.40821073),
                ["std"] = new JsonArray(0.26862954, 0.26130258, 0.27577711),
                ["interpolation"] = "bicubic",
                ["resize_mode"] = "shortest",
            });
            WriteJson(Path.Combine(directory, "config.json"), new JsonObject
            {
                ["model_name"] = name,
                ["embed_dim"] = dimension,
                ["vision_cfg"] = new JsonObject { ["image_size"] = 224 },
                ["text_cfg"] = new JsonObject
                {
                    ["context_length"] = ContextLength,
                    ["vocab_size"] = Vocabulary.Count,
                    ["hf_tokenizer_name"] = "xlm-roberta-large",
                },
            });
            return directory;
        }

        var onnx = Directory.CreateDirectory(Path.Combine(directory, "onnx")).FullName;
        WriteJson(Path.Combine(directory, "tokenizer_config.json"), TokenizerConfigJson());
        WriteJson(Path.Combine(directory, "special_tokens_map.json"), new JsonObject
        {
            ["bos_token"] = "<s>",
            ["eos_token"] = "</s>",
            ["pad_token"] = "<pad>",
            ["unk_token"] = "<unk>",
            ["mask_token"] = "<mask>",
        });
        if (layout is null)
        {
            File.WriteAllBytes(Path.Combine(onnx, "model.onnx"), TextGraph("input_ids", "text_embeds", int32: false, withMask: true, dimension, embeddings, projection));
            WriteJson(Path.Combine(directory, "tokenizer.json"), TokenizerJson());
            WriteJson(Path.Combine(directory, "config.json"), new JsonObject
            {
                ["model_type"] = "xlm-roberta",
                ["architectures"] = new JsonArray("XLMRobertaModel"),
                ["vocab_size"] = Vocabulary.Count,
                ["max_position_embeddings"] = ContextLength + 2,
                ["pad_token_id"] = 1,
                ["bos_token_id"] = 0,
                ["eos_token_id"] = 2,
                ["hidden_size"] = dimension,
            });
            return directory;
        }

        File.WriteAllBytes(Path.Combine(onnx, "text_model.onnx"), TextGraph("input_ids", "text_embeds", int32: false, withMask: true, dimension, embeddings, projection));
        File.WriteAllBytes(Path.Combine(onnx, "vision_model.onnx"), VisionGraph("pixel_values", "image_embeds", dimension, vision));
        File.WriteAllBytes(Path.Combine(directory, "sentencepiece.bpe.model"), SentencePieceModel());
        WriteJson(Path.Combine(directory, "preprocessor_config.json"), new JsonObject
        {
            ["image_processor_type"] = "CLIPImageProcessor",
            ["size"] = new JsonObject { ["shortest_edge"] = 224 },
            ["crop_size"] = new JsonObject { ["height"] = 224, ["width"] = 224 },
            ["do_center_crop"] = true,
            ["resample"] = 3,
            ["rescale_factor"] = 1.0 / 255,
            ["image_mean"] = new JsonArray(0.48145466, 0.4578275, 0.40821073),
            ["image_std"] = new JsonArray(0.26862954, 0.26130258, 0.27577711),
        });
        WriteJson(Path.Combine(directory, "config.json"), new JsonObject
        {
            ["_name_or_path"] = name,
            ["model_type"] = "clip",
            ["projection_dim"] = dimension,
            ["text_config"] = new JsonObject
            {
                ["model_type"] = "xlm-roberta",
                ["max_position_embeddings"] = ContextLength,
                ["vocab_size"] = Vocabulary.Count,
                ["pad_token_id"] = 1,
            },
            ["vision_config"] = new JsonObject { ["image_size"] = 224 },
        });
        return directory;
    }

    /// <summary>
    /// The SentencePiece model as fairseq trained it: &lt;unk&gt; 0, &lt;s&gt; 1, &lt;/s&gt; 2, then the pieces, so each
    /// piece's id is one lower than in the model; &lt;pad&gt; and &lt;mask&gt; are not in it.
    /// </summary>
    private static byte[] SentencePieceModel()
    {
        List<SentencePieceEntry> pieces =
        [
            new("<unk>", 0, SentencePieceType.Unknown),
            new("<s>", 0, SentencePieceType.Control),
            new("</s>", 0, SentencePieceType.Control),
            .. Vocabulary.Where(p => p.Type == SentencePieceType.Normal),
        ];
        return SentencePieceModelWriter.Write(pieces, SentencePieceModelWriter.Unigram, unkId: 0, bosId: 1, eosId: 2, padId: -1);
    }

    private static byte[] TextGraph(string input, string output, bool int32, bool withMask, int dimension, float[] embeddings, float[] projection)
    {
        // Mean of the token embeddings (over the mask when there is one), then a projection.
        var g = new OnnxGraphBuilder("text");
        g.AddInput(input, int32 ? OnnxElementType.Int32 : OnnxElementType.Int64, int32 ? 1 : "batch", int32 ? ContextLength : "sequence");
        g.AddOutput(output, OnnxElementType.Float, int32 ? 1 : "batch", dimension);
        g.AddInitializer("embeddings", embeddings, Vocabulary.Count, dimension);
        g.AddInitializer("projection", projection, dimension, dimension);
        g.AddNode("Gather", ["embeddings", input], ["tokens"], OnnxAttribute.Int("axis", 0));
        if (withMask)
        {
            g.AddInput("attention_mask", OnnxElementType.Int64, "batch", "sequence");
            g.AddInitializer("axes", [1L], 1);
            g.AddInitializer("axes_2", [2L], 1);
            g.AddNode("Cast", ["attention_mask"], ["mask_f"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
            g.AddNode("Unsqueeze", ["mask_f", "axes_2"], ["mask3"]);
            g.AddNode("Mul", ["tokens", "mask3"], ["masked"]);
            g.AddNode("ReduceSum", ["masked", "axes"], ["summed"], OnnxAttribute.Int("keepdims", 0));
            g.AddNode("ReduceSum", ["mask_f", "axes"], ["count"], OnnxAttribute.Int("keepdims", 1));
            g.AddNode("Div", ["summed", "count"], ["pooled"]);
        }
        else
        {
            g.AddNode("ReduceMean", ["tokens"], ["pooled"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        }

        g.AddNode("MatMul", ["pooled", "projection"], [output]);
        return g.ToBytes();
    }

    private static byte[] VisionGraph(string input, string output, int dimension, float[] weights)
    {
        var g = new OnnxGraphBuilder("vision");
        g.AddInput(input, OnnxElementType.Float, "batch", 3, 224, 224);
        g.AddOutput(output, OnnxElementType.Float, "batch", dimension);
        g.AddInitializer("w", weights, 147, dimension);
        g.AddNode("AveragePool", [input], ["pooled"], OnnxAttribute.Ints("kernel_shape", 32, 32), OnnxAttribute.Ints("strides", 32, 32));
        g.AddNode("Flatten", ["pooled"], ["flat"], OnnxAttribute.Int("axis", 1));
        g.AddNode("MatMul", ["flat", "w"], [output]);
        return g.ToBytes();
    }

    private static JsonObject TokenizerJson() => new()
    {
        ["version"] = "1.0",
        ["truncation"] = null,
        ["padding"] = null,
        ["added_tokens"] = new JsonArray([.. Vocabulary.Select((p, i) => (p, i)).Where(x => x.p.Type != SentencePieceType.Normal).Select(x => (JsonNode?)Added(x.i, x.p.Piece))]),
        // SentencePiece's remove_extra_whitespaces: runs of spaces become one, a space at either end goes (spaces only:
        // without a precompiled character map, tabs and other white space are ordinary characters).
        ["normalizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["normalizers"] = new JsonArray(
                new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["Regex"] = " {2,}" }, ["content"] = " " },
                new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["Regex"] = "^ | $" }, ["content"] = "" }),
        },
        ["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = Space, ["prepend_scheme"] = "always", ["split"] = false },
        ["post_processor"] = new JsonObject
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new JsonArray(
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "</s>", ["type_id"] = 0 } }),
            ["pair"] = new JsonArray(
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "</s>", ["type_id"] = 0 } },
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 0 } },
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "</s>", ["type_id"] = 0 } }),
            ["special_tokens"] = new JsonObject
            {
                ["<s>"] = new JsonObject { ["id"] = "<s>", ["ids"] = new JsonArray(0), ["tokens"] = new JsonArray("<s>") },
                ["</s>"] = new JsonObject { ["id"] = "</s>", ["ids"] = new JsonArray(2), ["tokens"] = new JsonArray("</s>") },
            },
        },
        ["decoder"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = Space, ["prepend_scheme"] = "always", ["split"] = false },
        ["model"] = new JsonObject
        {
            ["type"] = "Unigram",
            ["unk_id"] = 3,
            ["byte_fallback"] = false,
            ["vocab"] = new JsonArray([.. Vocabulary.Select(p => (JsonNode?)new JsonArray(p.Piece, (double)p.Score))]),
        },
    };

    private static JsonObject TokenizerConfigJson() => new()
    {
        ["tokenizer_class"] = "XLMRobertaTokenizer",
        ["model_max_length"] = ContextLength,
        ["bos_token"] = "<s>",
        ["eos_token"] = "</s>",
        ["pad_token"] = "<pad>",
        ["unk_token"] = "<unk>",
        ["mask_token"] = "<mask>",
    };

    private static JsonObject Added(int id, string content) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = false,
        ["rstrip"] = false,
        ["normalized"] = false,
        ["special"] = true,
    };

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
