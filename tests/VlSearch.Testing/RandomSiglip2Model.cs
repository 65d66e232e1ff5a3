using System.Text.Json.Nodes;
using VlSearch.Onnx;

namespace VlSearch.Testing;

/// <summary>
/// A SigLIP2-shaped model with random weights in the transformers.js layout (<c>onnx/text_model.onnx</c>,
/// <c>onnx/vision_model.onnx</c>, config and processor files as google/siglip2-* have them), with a Gemma-style
/// <c>tokenizer.json</c> built to that format: a SentencePiece BPE model with byte fallback, &lt;pad&gt; 0,
/// &lt;eos&gt; 1, &lt;bos&gt; 2, &lt;unk&gt; 3, &lt;mask&gt; 4, the 256 byte pieces &lt;0x00&gt;..&lt;0xFF&gt;, then
/// characters and the merges of a BPE trained here on a small multilingual word list (spaces as "▁", a piece never
/// ends in one); a normalizer that writes spaces as "▁" and nothing prepended; &lt;eos&gt; after every text.
/// </summary>
public static class RandomSiglip2Model
{
    /// <summary>Token ids per text, as SigLIP2 was trained.</summary>
    public const int ContextLength = 64;

    /// <summary>The learned temperature's logarithm written into config.json.</summary>
    public const double LogitScale = 2.302585092994046;

    /// <summary>The learned bias written into config.json.</summary>
    public const double LogitBias = -4.0;

    private const string Space = "\u2581";
    private const int MaxMerges = 3000;

    private static readonly string[] Specials = ["<pad>", "<eos>", "<bos>", "<unk>", "<mask>"];

    private static readonly string[] Corpus =
    [
        "a", "an", "the", "of", "on", "in", "at", "with", "and", "or", "to", "from", "by", "for", "is", "are", "this", "that",
        "photo", "photos", "photograph", "picture", "image", "dog", "dogs", "cat", "cats", "puppy", "kitten", "bird", "horse",
        "red", "blue", "green", "yellow", "white", "black", "orange", "purple", "car", "cars", "bike", "bus", "train", "boat",
        "beach", "beaches", "sunset", "sunrise", "mountain", "mountains", "mountainous", "river", "lake", "sea", "ocean",
        "forest", "tree", "trees", "flower", "flowers", "garden", "park", "street", "city", "town", "village", "house",
        "two", "three", "people", "person", "man", "woman", "child", "children", "walking", "running", "playing", "sitting",
        "ball", "night", "day", "morning", "evening", "snow", "rain", "sun", "sky", "cloud", "clouds", "winter", "summer",
        "hello", "world", "what", "what's", "this", "some", "one", "example", "email", "mail", "com", "path", "query",
        "link", "url", "bold", "quotes", "hashtag", "mention", "dash", "ellipsis", "space", "spaces", "multiple", "here",
        "tabs", "newlines", "upper", "lower", "mixed", "naive", "facade", "jalapeno", "emoji", "only", "middle", "twice",
        "breaking", "non", "walking", "unphotographed", "graph", "graphed", "photographed", "http", "www",
        "The", "A", "Hello", "Photo", "Of", "Dog", "UPPER", "MiXeD", "City", "Paris", "Berlin", "Tokyo",
        "der", "die", "das", "und", "hund", "Hund", "katze", "Katze", "straße", "Straße", "über", "dem", "fluß", "Fluß",
        "ärger", "Ärger", "öl", "Öl", "übermut", "Übermut", "haus", "baum", "stadt", "nacht",
        "le", "la", "les", "et", "en", "chat", "chien", "noël", "Noël", "été", "un", "une", "café", "s'il", "vous", "plaît",
        "c'est", "C'est", "vie", "ça", "va", "façade", "naïve", "plage", "montagne",
        "el", "los", "perro", "gato", "playa", "canción", "del", "ñandú", "ñoño", "jalapeño", "foto", "noche", "ciudad",
        "собака", "собаки", "кошка", "Кошка", "на", "фото", "и", "в", "город", "ночь", "снег",
        "σκύλος", "γάτα", "και", "φωτογραφία",
        "犬", "の", "写真", "夜", "海", "と", "山", "赤い", "車", "雪", "狗", "和", "猫咪", "的", "照片", "猫",
        "«", "»", "„", "“", "”", "—", "–", "…", "2024", "2", "10", "12345", "3", "14159", "2718", "1", "0",
    ];

    private static readonly Lazy<(List<string> Pieces, List<(string Left, string Right)> Merges)> Trained = new(Train);

    /// <summary>The vocabulary in id order.</summary>
    public static IReadOnlyList<string> Vocabulary => Trained.Value.Pieces;

    /// <summary>The merges, lowest rank first.</summary>
    public static IReadOnlyList<(string Left, string Right)> Merges => Trained.Value.Merges;

    /// <summary>
    /// Writes the model into <paramref name="directory"/> (<paramref name="lowerCase"/> is the tokenizer_config's
    /// <c>do_lower_case</c>); returns the directory.
    /// </summary>
    public static string Write(string directory, string name = "random-siglip2", int dimension = 16, int seed = 7, bool lowerCase = false)
    {
        var (embeddings, projection, vision) = DrawWeights(dimension, seed);
        var onnx = Directory.CreateDirectory(Path.Combine(directory, "onnx")).FullName;
        File.WriteAllBytes(Path.Combine(onnx, "text_model.onnx"),
            RandomSiglipModel.TextGraph("input_ids", "pooler_output", false, dimension, Vocabulary.Count, embeddings, projection));
        File.WriteAllBytes(Path.Combine(onnx, "vision_model.onnx"), RandomSiglipModel.VisionGraph("pixel_values", "pooler_output", false, dimension, vision));
        RandomSiglipModel.WriteJson(Path.Combine(directory, "tokenizer.json"), TokenizerJson());
        RandomSiglipModel.WriteJson(Path.Combine(directory, "tokenizer_config.json"), new JsonObject
        {
            ["tokenizer_class"] = "GemmaTokenizer",
            ["model_max_length"] = ContextLength,
            ["add_bos_token"] = false,
            ["add_eos_token"] = true,
            ["do_lower_case"] = lowerCase,
            ["padding_side"] = "right",
            ["bos_token"] = "<bos>",
            ["eos_token"] = "<eos>",
            ["pad_token"] = "<pad>",
            ["unk_token"] = "<unk>",
        });
        RandomSiglipModel.WriteJson(Path.Combine(directory, "special_tokens_map.json"), new JsonObject
        {
            ["bos_token"] = "<bos>",
            ["eos_token"] = "<eos>",
            ["pad_token"] = "<pad>",
            ["unk_token"] = "<unk>",
        });
        RandomSiglipModel.WriteJson(Path.Combine(directory, "preprocessor_config.json"), new JsonObject
        {
            ["image_processor_type"] = "SiglipImageProcessor",
            ["processor_class"] = "SiglipProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["height"] = 224, ["width"] = 224 },
            ["resample"] = 2,
            ["do_rescale"] = true,
            ["rescale_factor"] = 1.0 / 255,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(0.5, 0.5, 0.5),
            ["image_std"] = new JsonArray(0.5, 0.5, 0.5),
        });
        RandomSiglipModel.WriteJson(Path.Combine(directory, "config.json"), new JsonObject
        {
            ["_name_or_path"] = name,
            // The fixed-resolution SigLIP2 checkpoints keep SigLIP's architecture; the tokenizer is what changed.
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
                ["pad_token_id"] = 0,
                ["bos_token_id"] = 2,
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

    /// <summary>
    /// Writes the same model (same seed, same weights) in immich's layout, as its exporter writes
    /// <c>ViT-B-16-SigLIP2__webli</c>: <c>textual/model.onnx</c> taking int32 "text" [1, 64] and giving "embedding",
    /// <c>visual/model.onnx</c> taking "image" [1, 3, 224, 224], the Gemma <c>textual/tokenizer.json</c> with the
    /// <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> a Python save writes, OpenCLIP's
    /// <c>visual/preprocess_cfg.json</c>, and OpenCLIP's model config as <c>config.json</c>, which names the
    /// <c>canonicalize</c> cleanup and carries only the initial logit bias, no trained scale or bias. Returns the directory.
    /// </summary>
    public static string WriteImmich(string directory, int dimension = 16, int seed = 7)
    {
        var (embeddings, projection, vision) = DrawWeights(dimension, seed);
        var textual = Directory.CreateDirectory(Path.Combine(directory, "textual")).FullName;
        var visual = Directory.CreateDirectory(Path.Combine(directory, "visual")).FullName;
        File.WriteAllBytes(Path.Combine(textual, "model.onnx"),
            RandomSiglipModel.TextGraph("text", "embedding", true, dimension, Vocabulary.Count, embeddings, projection));
        File.WriteAllBytes(Path.Combine(visual, "model.onnx"), RandomSiglipModel.VisionGraph("image", "embedding", true, dimension, vision));
        RandomSiglipModel.WriteJson(Path.Combine(textual, "tokenizer.json"), TokenizerJson());
        RandomSiglipModel.WriteJson(Path.Combine(textual, "tokenizer_config.json"), new JsonObject
        {
            ["tokenizer_class"] = "GemmaTokenizer",
            ["add_bos_token"] = false,
            ["add_eos_token"] = true,
            ["bos_token"] = "<bos>",
            ["eos_token"] = "<eos>",
            ["pad_token"] = "<pad>",
            ["unk_token"] = "<unk>",
            ["padding_side"] = "right",
            ["model_max_length"] = 1000000000000000019884624838656.0,
            ["clean_up_tokenization_spaces"] = false,
        });
        RandomSiglipModel.WriteJson(Path.Combine(textual, "special_tokens_map.json"), new JsonObject
        {
            ["bos_token"] = "<bos>",
            ["eos_token"] = "<eos>",
            ["pad_token"] = "<pad>",
            ["unk_token"] = "<unk>",
        });
        RandomSiglipModel.WriteJson(Path.Combine(visual, "preprocess_cfg.json"), RandomSiglipModel.ImmichPreprocessConfig());
        RandomSiglipModel.WriteJson(Path.Combine(directory, "config.json"), new JsonObject
        {
            ["embed_dim"] = dimension,
            ["init_logit_bias"] = -10,
            ["custom_text"] = true,
            ["vision_cfg"] = new JsonObject
            {
                ["image_size"] = 224,
                ["timm_model_name"] = "vit_base_patch16_siglip_224",
                ["timm_model_pretrained"] = false,
                ["timm_pool"] = "map",
                ["timm_proj"] = "none",
            },
            ["text_cfg"] = new JsonObject
            {
                ["context_length"] = ContextLength,
                ["vocab_size"] = Vocabulary.Count,
                ["hf_tokenizer_name"] = "timm/ViT-B-16-SigLIP2",
                ["tokenizer_kwargs"] = new JsonObject { ["clean"] = "canonicalize" },
                ["width"] = dimension,
                ["heads"] = 1,
                ["layers"] = 1,
                ["no_causal_mask"] = true,
                ["proj_bias"] = true,
                ["pool_type"] = "last",
            },
        });
        return directory;
    }

    /// <summary>The Gemma-style tokenizer.json of this vocabulary.</summary>
    public static JsonObject TokenizerJson()
    {
        var vocab = new JsonObject();
        for (var id = 0; id < Vocabulary.Count; id++)
        {
            vocab[Vocabulary[id]] = id;
        }

        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray([.. Specials.Select((token, id) => (JsonNode)RandomSiglipModel.Added(id, token))]),
            ["normalizer"] = new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = Space },
            ["pre_tokenizer"] = null,
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<eos>", ["type_id"] = 0 } }),
                ["pair"] = new JsonArray(
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<eos>", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } },
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<eos>", ["type_id"] = 1 } }),
                ["special_tokens"] = new JsonObject
                {
                    ["<eos>"] = new JsonObject { ["id"] = "<eos>", ["ids"] = new JsonArray(1), ["tokens"] = new JsonArray("<eos>") },
                },
            },
            ["decoder"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["decoders"] = new JsonArray(
                    new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = Space }, ["content"] = " " },
                    new JsonObject { ["type"] = "ByteFallback" },
                    new JsonObject { ["type"] = "Fuse" }),
            },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = "<unk>",
                ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null,
                ["fuse_unk"] = true,
                ["byte_fallback"] = true,
                ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray([.. Merges.Select(m => (JsonNode)new JsonArray(m.Left, m.Right))]),
            },
        };
    }

    private static (List<string>, List<(string, string)>) Train()
    {
        var pieces = new List<string>(Specials);
        for (var b = 0; b < 256; b++)
        {
            pieces.Add($"<0x{b:X2}>");
        }

        // Words as SentencePiece sees them: "▁word" after a space, and runs of spaces, tabs and new lines.
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Corpus.Length; i++)
        {
            var count = 1 + (i * 7 % 5);
            words[Space + Corpus[i]] = words.GetValueOrDefault(Space + Corpus[i]) + count;
            words[Corpus[i]] = words.GetValueOrDefault(Corpus[i]) + 1;
        }

        // Derived forms of the Latin-script words, so that the merges reach a realistic few thousand pieces.
        string[] affixes = ["s", "ed", "ing", "er", "ers", "ly", "ness", "less", "ful", "ment", "tion", "able", "ist", "ish"];
        string[] prefixes = ["un", "re", "pre", "over", "under", "out"];
        foreach (var word in Corpus.Where(w => w.Length > 2 && w.All(char.IsAsciiLetterLower)))
        {
            foreach (var form in affixes.Select(a => word + a).Concat(prefixes.Select(p => p + word)))
            {
                words[Space + form] = words.GetValueOrDefault(Space + form) + 1;
            }
        }

        foreach (var run in new[] { Space + Space, Space + Space + Space + Space, "\n", "\n\n", "\t", "\t\t" })
        {
            words[run] = 3;
        }

        // Characters: ASCII printable ones (space as ▁), then the corpus's, most frequent first.
        var characters = new List<string>();
        var seen = new HashSet<string>(pieces, StringComparer.Ordinal);
        void AddCharacter(string c)
        {
            if (seen.Add(c))
            {
                characters.Add(c);
            }
        }

        AddCharacter(Space);
        for (var c = '!'; c <= '~'; c++)
        {
            AddCharacter(c.ToString());
        }

        foreach (var c in words.SelectMany(w => Symbols(w.Key).Select(s => (Symbol: s, w.Value)))
            .GroupBy(x => x.Symbol).OrderByDescending(g => g.Sum(x => x.Value)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            AddCharacter(c.Key);
        }

        pieces.AddRange(characters);

        var split = words.Select(w => (Symbols: Symbols(w.Key), Count: w.Value)).ToList();
        var merges = new List<(string, string)>();
        while (merges.Count < MaxMerges)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in split)
            {
                for (var i = 0; i < symbols.Count - 1; i++)
                {
                    // A piece may start with ▁ but never end in one, as SentencePiece splits before each space.
                    if (symbols[i].EndsWith(Space, StringComparison.Ordinal) && symbols[i].Trim('\u2581').Length > 0)
                    {
                        continue;
                    }

                    if (symbols[i + 1].StartsWith(Space, StringComparison.Ordinal) && symbols[i].Trim('\u2581').Length > 0)
                    {
                        continue;
                    }

                    pairs[(symbols[i], symbols[i + 1])] = pairs.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
                }
            }

            if (pairs.Count == 0)
            {
                break;
            }

            var best = pairs.First().Key;
            var bestCount = 0;
            foreach (var (pair, count) in pairs)
            {
                // Most frequent first; ties by the pieces' ordinal order, so the merges never depend on hashing.
                var order = string.CompareOrdinal(pair.Item1 + "\u0000" + pair.Item2, best.Item1 + "\u0000" + best.Item2);
                if (count > bestCount || (count == bestCount && order < 0))
                {
                    (best, bestCount) = (pair, count);
                }
            }

            merges.Add(best);
            var merged = best.Item1 + best.Item2;
            if (seen.Add(merged))
            {
                pieces.Add(merged);
            }

            foreach (var (symbols, _) in split)
            {
                for (var i = 0; i < symbols.Count - 1; i++)
                {
                    if (symbols[i] == best.Item1 && symbols[i + 1] == best.Item2)
                    {
                        symbols[i] = merged;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        return (pieces, merges);
    }

    private static List<string> Symbols(string word)
    {
        var symbols = new List<string>();
        for (var i = 0; i < word.Length;)
        {
            var length = char.IsSurrogatePair(word, i) ? 2 : 1;
            symbols.Add(word.Substring(i, length));
            i += length;
        }

        return symbols;
    }

    /// <summary>The token embeddings, text projection and patch weights both layouts share, drawn in that order.</summary>
    private static (float[] Embeddings, float[] Projection, float[] Vision) DrawWeights(int dimension, int seed)
    {
        var random = new Random(seed);
        return (
            RandomSiglipModel.Weights(random, Vocabulary.Count * dimension),
            RandomSiglipModel.Weights(random, dimension * dimension),
            RandomSiglipModel.Weights(random, 147 * dimension));
    }
}
