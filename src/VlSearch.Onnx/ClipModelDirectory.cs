using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// Writes a complete CLIP model directory in either of the layouts models are downloaded in, so that exported and
/// test models go through exactly the loading path of downloaded ones.
/// </summary>
/// <remarks>
/// The OpenCLIP <c>preprocess_cfg.json</c> has a single size: it records the crop size, resizes to it, and always
/// rescales by 1/255, so <see cref="PreprocessSpec.ResizeTo"/> and <see cref="PreprocessSpec.RescaleFactor"/> only
/// survive in the Hugging Face layout.
/// </remarks>
public static class ClipModelDirectory
{
    /// <summary>Pre-tokenizer pattern of CLIP, as written into <c>tokenizer.json</c>.</summary>
    public const string PreTokenizerPattern =
        @"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        // Byte-level tokens are mostly non-ASCII; keeping them literal makes the files readable and diffable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="model"/> into <paramref name="directory"/> (created if needed) in <paramref name="layout"/>.</summary>
    public static void Write(string directory, ClipModelExport model, ClipModelLayout layout)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(model);
        var tokens = SpecialTokens.From(model, layout);
        Directory.CreateDirectory(directory);
        switch (layout)
        {
            case ClipModelLayout.HuggingFace:
                WriteHuggingFace(directory, model, tokens);
                break;
            case ClipModelLayout.OpenClip:
                WriteOpenClip(directory, model, tokens);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown layout.");
        }
    }

    private static void WriteHuggingFace(string directory, ClipModelExport model, SpecialTokens tokens)
    {
        var onnx = Path.Combine(directory, "onnx");
        Directory.CreateDirectory(onnx);
        File.WriteAllBytes(Path.Combine(onnx, "vision_model.onnx"), model.VisionModel);
        File.WriteAllBytes(Path.Combine(onnx, "text_model.onnx"), model.TextModel);

        WriteJson(Path.Combine(directory, "vocab.json"), VocabularyJson(model.Vocabulary));
        File.WriteAllText(Path.Combine(directory, "merges.txt"), MergesText(model.Merges));
        WriteJson(Path.Combine(directory, "tokenizer.json"), TokenizerJson(model, tokens));
        WriteJson(Path.Combine(directory, "tokenizer_config.json"), TokenizerConfigJson(model, tokens));
        WriteJson(Path.Combine(directory, "special_tokens_map.json"), SpecialTokensMapJson(tokens));

        var spec = model.Preprocess;
        var squash = spec.Mode == ResizeMode.Squash;
        WriteJson(Path.Combine(directory, "preprocessor_config.json"), new JsonObject
        {
            ["image_processor_type"] = "CLIPImageProcessor",
            ["feature_extractor_type"] = "CLIPFeatureExtractor",
            ["do_resize"] = true,
            // Squash resizes both sides (a height/width size, as SigLIP processors write it).
            ["size"] = squash
                ? new JsonObject { ["height"] = spec.ResizeTo, ["width"] = spec.ResizeTo }
                : new JsonObject { ["shortest_edge"] = spec.ResizeTo },
            ["resample"] = 3,
            ["do_center_crop"] = spec.CenterCrop,
            ["crop_size"] = new JsonObject { ["height"] = spec.CropHeight, ["width"] = spec.CropWidth },
            ["do_rescale"] = spec.RescaleFactor != 1f,
            ["rescale_factor"] = spec.RescaleFactor,
            ["do_normalize"] = true,
            ["image_mean"] = FloatArray(spec.Mean),
            ["image_std"] = FloatArray(spec.Std),
            ["do_convert_rgb"] = true,
        });

        WriteJson(Path.Combine(directory, "config.json"), new JsonObject
        {
            ["_name_or_path"] = model.Name,
            ["architectures"] = new JsonArray("CLIPModel"),
            ["model_type"] = "clip",
            ["projection_dim"] = model.EmbedDimension,
            ["text_config"] = new JsonObject
            {
                ["model_type"] = "clip_text_model",
                ["max_position_embeddings"] = model.ContextLength,
                ["vocab_size"] = VocabularySize(model.Vocabulary),
                ["projection_dim"] = model.EmbedDimension,
                ["pad_token_id"] = tokens.PadId,
                ["bos_token_id"] = tokens.BosId,
                ["eos_token_id"] = tokens.EosId,
            },
            ["vision_config"] = new JsonObject
            {
                ["model_type"] = "clip_vision_model",
                ["image_size"] = spec.CropHeight,
                ["num_channels"] = 3,
                ["projection_dim"] = model.EmbedDimension,
            },
        });
    }

    private static void WriteOpenClip(string directory, ClipModelExport model, SpecialTokens tokens)
    {
        var textual = Path.Combine(directory, "textual");
        var visual = Path.Combine(directory, "visual");
        Directory.CreateDirectory(textual);
        Directory.CreateDirectory(visual);
        File.WriteAllBytes(Path.Combine(textual, "model.onnx"), model.TextModel);
        File.WriteAllBytes(Path.Combine(visual, "model.onnx"), model.VisionModel);
        WriteJson(Path.Combine(textual, "tokenizer.json"), TokenizerJson(model, tokens));
        WriteJson(Path.Combine(textual, "tokenizer_config.json"), TokenizerConfigJson(model, tokens));
        WriteJson(Path.Combine(textual, "special_tokens_map.json"), SpecialTokensMapJson(tokens));

        var spec = model.Preprocess;
        WriteJson(Path.Combine(visual, "preprocess_cfg.json"), new JsonObject
        {
            // OpenCLIP resizes to the crop size itself (shortest side, then center crop; or squash).
            ["size"] = new JsonArray(spec.CropHeight, spec.CropWidth),
            ["mode"] = "RGB",
            ["mean"] = FloatArray(spec.Mean),
            ["std"] = FloatArray(spec.Std),
            ["interpolation"] = "bicubic",
            ["resize_mode"] = spec.Mode == ResizeMode.Squash ? "squash" : "shortest",
            ["fill_color"] = 0,
        });

        WriteJson(Path.Combine(directory, "config.json"), new JsonObject
        {
            ["model_name"] = model.Name,
            ["embed_dim"] = model.EmbedDimension,
            ["vision_cfg"] = new JsonObject { ["image_size"] = spec.CropHeight },
            ["text_cfg"] = new JsonObject
            {
                ["context_length"] = model.ContextLength,
                ["vocab_size"] = VocabularySize(model.Vocabulary),
            },
        });
    }

    private static JsonObject TokenizerJson(ClipModelExport model, SpecialTokens tokens) => new()
    {
        ["version"] = "1.0",
        ["truncation"] = new JsonObject
        {
            ["direction"] = "Right",
            ["max_length"] = model.ContextLength,
            ["strategy"] = "LongestFirst",
            ["stride"] = 0,
        },
        ["padding"] = new JsonObject
        {
            ["strategy"] = new JsonObject { ["Fixed"] = model.ContextLength },
            ["direction"] = "Right",
            ["pad_to_multiple_of"] = null,
            ["pad_id"] = tokens.PadId,
            ["pad_type_id"] = 0,
            ["pad_token"] = tokens.Pad,
        },
        ["added_tokens"] = new JsonArray(AddedToken(tokens.BosId, tokens.Bos), AddedToken(tokens.EosId, tokens.Eos)),
        ["normalizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["normalizers"] = new JsonArray(
                new JsonObject { ["type"] = "NFC" },
                new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["Regex"] = @"\s+" }, ["content"] = " " },
                new JsonObject { ["type"] = "Lowercase" }),
        },
        ["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "Split",
                    ["pattern"] = new JsonObject { ["Regex"] = PreTokenizerPattern },
                    ["behavior"] = "Removed",
                    ["invert"] = true,
                },
                new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
        },
        ["post_processor"] = new JsonObject
        {
            ["type"] = "RobertaProcessing",
            ["sep"] = new JsonArray(tokens.Eos, tokens.EosId),
            ["cls"] = new JsonArray(tokens.Bos, tokens.BosId),
            ["trim_offsets"] = false,
            ["add_prefix_space"] = false,
        },
        ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
        ["model"] = new JsonObject
        {
            ["type"] = "BPE",
            ["dropout"] = null,
            ["unk_token"] = tokens.Eos,
            ["continuing_subword_prefix"] = "",
            ["end_of_word_suffix"] = ClipVocabulary.EndOfWordSuffix,
            ["fuse_unk"] = false,
            ["byte_fallback"] = false,
            ["vocab"] = VocabularyJson(model.Vocabulary),
            ["merges"] = new JsonArray([.. model.Merges.Select(m => (JsonNode?)JsonValue.Create(m))]),
        },
    };

    private static JsonObject TokenizerConfigJson(ClipModelExport model, SpecialTokens tokens) => new()
    {
        ["tokenizer_class"] = "CLIPTokenizer",
        ["bos_token"] = tokens.Bos,
        ["eos_token"] = tokens.Eos,
        ["unk_token"] = tokens.Eos,
        ["pad_token"] = tokens.Pad,
        ["model_max_length"] = model.ContextLength,
        ["do_lower_case"] = true,
        ["errors"] = "replace",
        ["add_prefix_space"] = false,
        ["clean_up_tokenization_spaces"] = true,
    };

    private static JsonObject SpecialTokensMapJson(SpecialTokens tokens) => new()
    {
        ["bos_token"] = tokens.Bos,
        ["eos_token"] = tokens.Eos,
        ["unk_token"] = tokens.Eos,
        ["pad_token"] = tokens.Pad,
    };

    private static JsonObject AddedToken(int id, string content) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = false,
        ["rstrip"] = false,
        ["normalized"] = true,
        ["special"] = true,
    };

    private static JsonObject VocabularyJson(IReadOnlyDictionary<string, int> vocabulary)
    {
        var json = new JsonObject();
        foreach (var (token, id) in vocabulary.OrderBy(pair => pair.Value))
        {
            json[token] = id;
        }

        return json;
    }

    private static string MergesText(IReadOnlyList<string> merges) =>
        "#version: 0.2\n" + string.Concat(merges.Select(m => m + "\n"));

    private static JsonArray FloatArray(IReadOnlyList<float> values) =>
        new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static int VocabularySize(IReadOnlyDictionary<string, int> vocabulary) => vocabulary.Values.Max() + 1;

    private static void WriteJson(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(JsonOptions) + "\n");

    private sealed record SpecialTokens(string Bos, int BosId, string Eos, int EosId, string Pad, int PadId)
    {
        public static SpecialTokens From(ClipModelExport model, ClipModelLayout layout)
        {
            if (!model.Vocabulary.TryGetValue(ClipVocabulary.StartOfText, out var bos) ||
                !model.Vocabulary.TryGetValue(ClipVocabulary.EndOfText, out var eos))
            {
                throw new ArgumentException($"The vocabulary of {model.Name} lacks {ClipVocabulary.StartOfText} or {ClipVocabulary.EndOfText}.", nameof(model));
            }

            if (model.ContextLength < 2)
            {
                throw new ArgumentException("The context length must hold at least the start and end tokens.", nameof(model));
            }

            var padId = model.PadId ?? (layout == ClipModelLayout.OpenClip ? 0 : eos);
            var pad = model.Vocabulary.Where(pair => pair.Value == padId).Select(pair => pair.Key).FirstOrDefault()
                ?? throw new ArgumentException($"Pad id {padId.ToString(CultureInfo.InvariantCulture)} is not in the vocabulary.", nameof(model));
            return new SpecialTokens(ClipVocabulary.StartOfText, bos, ClipVocabulary.EndOfText, eos, pad, padId);
        }
    }
}
