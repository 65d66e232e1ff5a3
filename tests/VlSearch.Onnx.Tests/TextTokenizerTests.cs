using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx.Tests;

public sealed class TextTokenizerTests
{
    private static readonly string[] Samples =
    [
        "a photo of a dog",
        "A  Cat&amp;amp;DOG!!",
        "photo<|endoftext|>of",
        "naïve café 42",
        "",
    ];

    private static TinyClip Clip { get; } = new(seed: 31);

    [Fact]
    public void Tokenizer_json_and_vocab_with_merges_give_the_same_ids()
    {
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, Clip.Export("tiny"), ClipModelLayout.HuggingFace);
        var fromJson = TextTokenizer.Load(temp.Dir);
        File.Delete(Path.Combine(temp.Dir, "tokenizer.json"));
        var fromVocab = TextTokenizer.Load(temp.Dir);

        Assert.IsType<ClipTokenizer>(fromJson);
        foreach (var text in Samples)
        {
            Assert.Equal(fromJson.EncodeToIds(text), fromVocab.EncodeToIds(text));
            Assert.Equal(fromJson.EncodePadded(text), fromVocab.EncodePadded(text));
        }
    }

    [Fact]
    public void Merges_apply_and_words_end_with_the_end_of_word_symbol()
    {
        var tokenizer = ClipTokenizer.Create(Clip.Vocabulary, TinyClip.Merges);
        var v = Clip.Vocabulary;

        var ids = tokenizer.EncodeToIds("Photo of a DOG cat");

        Assert.Equal(
            [v["<|startoftext|>"], v["photo</w>"], v["of</w>"], v["a</w>"], v["dog</w>"], v["cat</w>"], v["<|endoftext|>"]],
            ids);
    }

    [Fact]
    public void Html_entities_whitespace_case_and_special_tokens_follow_the_clip_rules()
    {
        var tokenizer = ClipTokenizer.Create(Clip.Vocabulary, TinyClip.Merges);
        var v = Clip.Vocabulary;

        // "&amp;amp;" is escaped twice and becomes "&"; runs of spaces collapse; the special token stays whole.
        Assert.Equal(tokenizer.EncodeToIds("cat & dog"), tokenizer.EncodeToIds("  CAT   &amp;amp;\tDog "));
        Assert.Equal([v["<|startoftext|>"], v["dog</w>"], v["<|endoftext|>"], v["cat</w>"], v["<|endoftext|>"]], tokenizer.EncodeToIds("dog<|endoftext|>cat"));
        Assert.Equal([v["<|startoftext|>"], v["<|endoftext|>"]], tokenizer.EncodeToIds("   "));
    }

    [Fact]
    public void Multi_byte_characters_are_split_into_byte_symbols()
    {
        var tokenizer = ClipTokenizer.Create(Clip.Vocabulary, TinyClip.Merges);
        var alphabet = ClipVocabulary.ByteAlphabet;

        var ids = tokenizer.EncodeToIds("é");

        // U+00E9 is C3 A9 in UTF-8: two byte symbols, the last one carrying the end-of-word suffix.
        Assert.Equal([Clip.Vocabulary[alphabet[0xC3].ToString()], Clip.Vocabulary[alphabet[0xA9] + "</w>"]], ids.Skip(1).SkipLast(1));
    }

    [Fact]
    public void Open_clip_tokenizer_lives_in_textual_and_pads_with_zero()
    {
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, Clip.ExportOpenClip("tiny") with { ContextLength = 12 }, ClipModelLayout.OpenClip);

        var tokenizer = TextTokenizer.Load(temp.Dir);
        var ids = tokenizer.EncodePadded("a dog");

        Assert.Equal(12, tokenizer.ContextLength);
        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal(tokenizer.EncodeToIds("a dog").Select(i => (long)i).Concat(Enumerable.Repeat(0L, 12 - 4)), ids);
    }

    [Fact]
    public void Truncation_keeps_the_end_token_at_a_short_context()
    {
        var tokenizer = ClipTokenizer.Create(Clip.Vocabulary, TinyClip.Merges, contextLength: 5);
        var full = tokenizer.EncodeToIds("a dog a cat a photo");

        var ids = new long[5];
        var mask = new long[5];
        var count = tokenizer.EncodePadded("a dog a cat a photo", ids, mask);

        Assert.Equal(5, count);
        Assert.Equal(full.Take(4).Select(i => (long)i).Append(Clip.Vocabulary["<|endoftext|>"]), ids);
        Assert.Equal([1L, 1, 1, 1, 1], mask);
    }

    [Fact]
    public void Attention_mask_marks_real_tokens_only()
    {
        var tokenizer = ClipTokenizer.Create(Clip.Vocabulary, TinyClip.Merges, contextLength: 8);
        var ids = new long[8];
        var mask = new long[8];

        var count = tokenizer.EncodePadded("a dog", ids, mask);

        Assert.Equal(4, count);
        Assert.Equal([1L, 1, 1, 1, 0, 0, 0, 0], mask);
        Assert.All(ids.Skip(4), id => Assert.Equal(tokenizer.PadId, id));
    }

    [Fact]
    public void Word_piece_tokenizer_json_loads_through_the_bert_tokenizer()
    {
        using var temp = new TempDirectory();
        string[] tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "dog", "##s", "photo", "of"];
        var vocab = new JsonObject();
        for (var i = 0; i < tokens.Length; i++)
        {
            vocab[tokens[i]] = i;
        }

        File.WriteAllText(Path.Combine(temp.Dir, "tokenizer.json"), new JsonObject
        {
            ["normalizer"] = new JsonObject { ["type"] = "BertNormalizer", ["lowercase"] = true },
            ["model"] = new JsonObject { ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["continuing_subword_prefix"] = "##", ["vocab"] = vocab },
        }.ToJsonString());
        File.WriteAllText(Path.Combine(temp.Dir, "tokenizer_config.json"), """{"pad_token": "[PAD]", "model_max_length": 16}""");

        var tokenizer = TextTokenizer.Load(temp.Dir);

        Assert.Equal([2, 5, 8, 9, 6, 7, 3], tokenizer.EncodeToIds("A photo of DOGS"));
        Assert.Equal(16, tokenizer.ContextLength);
        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal(3, tokenizer.EndId);
    }

    [Theory]
    [InlineData("WordLevel", "WordLevel")]
    [InlineData("Unigram", "spiece.model")]
    public void Unsupported_tokenizers_are_named_in_the_error(string type, string expected)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Dir, "tokenizer.json"), new JsonObject { ["model"] = new JsonObject { ["type"] = type, ["vocab"] = new JsonObject() } }.ToJsonString());

        var error = Assert.Throws<ModelLoadException>(() => TextTokenizer.Load(temp.Dir));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_tokenizer_files_says_what_it_expected()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Dir, "vocab.json"), "{}");

        var error = Assert.Throws<ModelLoadException>(() => TextTokenizer.Load(temp.Dir));

        Assert.Contains("merges.txt", error.Message, StringComparison.Ordinal);
    }

    [ClipTokenizerDataFact]
    public void Clip_vocabulary_written_as_tokenizer_json_keeps_reference_parity()
    {
        var folder = SharedTokenizerData.Folder!;
        var vocabulary = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "vocab.json")))!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.Ordinal);
        var merges = File.ReadLines(Path.Combine(folder, "merges.txt")).Skip(1).Where(l => l.Length > 0).ToList();
        var references = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "reference-ids.json")))!.AsArray();
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, Clip.Export("clip") with { Vocabulary = vocabulary, Merges = merges }, ClipModelLayout.OpenClip);

        var tokenizer = TextTokenizer.Load(temp.Dir);

        Assert.Equal(0, tokenizer.PadId);
        foreach (var reference in references)
        {
            var expected = reference!["ids"]!.AsArray().Select(i => i!.GetValue<int>());
            Assert.Equal(expected, tokenizer.EncodeToIds(reference["text"]!.GetValue<string>()));
        }
    }

    [ClipTokenizerDataFact]
    public void Building_from_the_clip_merges_reproduces_the_clip_vocabulary()
    {
        var folder = SharedTokenizerData.Folder!;
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "vocab.json")))!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.Ordinal);
        var merges = File.ReadLines(Path.Combine(folder, "merges.txt")).Skip(1).Where(l => l.Length > 0);

        var built = ClipVocabulary.Build(merges);

        Assert.Equal(expected.Count, built.Count);
        Assert.Empty(expected.Where(p => !built.TryGetValue(p.Key, out var id) || id != p.Value).Take(5));
    }

    [Fact]
    public void A_folder_with_only_vocab_merges_and_tokenizer_config_takes_the_pad_token_from_the_config()
    {
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, Clip.Export("tiny"), ClipModelLayout.HuggingFace);
        foreach (var entry in Directory.EnumerateFileSystemEntries(temp.Dir))
        {
            var name = Path.GetFileName(entry);
            if (name is not ("vocab.json" or "merges.txt" or "tokenizer_config.json"))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }

        File.WriteAllText(Path.Combine(temp.Dir, "tokenizer_config.json"), """{"pad_token": "!", "model_max_length": 10}""");

        var tokenizer = TextTokenizer.Load(temp.Dir);

        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal(10, tokenizer.ContextLength);
        Assert.Equal(Clip.Vocabulary["dog</w>"], tokenizer.EncodeToIds("dog")[1]);
    }

    [Fact]
    public void Merges_stored_as_pairs_in_newer_tokenizer_json_files_are_read_too()
    {
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, Clip.Export("tiny"), ClipModelLayout.HuggingFace);
        var path = Path.Combine(temp.Dir, "tokenizer.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var model = json["model"]!.AsObject();
        model["merges"] = new JsonArray([.. TinyClip.Merges.Select(m => (JsonNode?)new JsonArray(m.Split(' ')[0], m.Split(' ')[1]))]);
        File.WriteAllText(path, json.ToJsonString());
        File.Delete(Path.Combine(temp.Dir, "vocab.json"));

        var tokenizer = TextTokenizer.Load(temp.Dir);

        Assert.Equal(ClipTokenizer.Create(Clip.Vocabulary, TinyClip.Merges).EncodeToIds("a photo of a dog"), tokenizer.EncodeToIds("a photo of a dog"));
        Assert.Equal(Clip.Vocabulary["photo</w>"], tokenizer.EncodeToIds("photo")[1]);
    }

    [Fact]
    public void Unigram_tokenizer_loads_its_sentence_piece_model_and_ends_with_the_eos_token()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Dir, "tokenizer.json"), """{"model": {"type": "Unigram", "vocab": []}}""");
        File.WriteAllText(Path.Combine(temp.Dir, "tokenizer_config.json"), """{"pad_token": "</s>", "model_max_length": 64}""");
        File.WriteAllBytes(Path.Combine(temp.Dir, "spiece.model"), SentencePieceModel(
            ("<unk>", 0f, 2), ("<s>", 0f, 3), ("</s>", 0f, 3), ("\u2581a", -1f, 1), ("\u2581photo", -2f, 1), ("\u2581of", -2f, 1),
            ("\u2581dog", -2f, 1), ("\u2581", -3f, 1), ("s", -3f, 1), ("d", -5f, 1), ("o", -5f, 1), ("g", -5f, 1)));

        var tokenizer = TextTokenizer.Load(temp.Dir);
        var ids = new long[64];
        var count = tokenizer.EncodePadded("a photo of dogs", ids, default);

        Assert.Equal([3, 4, 5, 6, 8, 2], tokenizer.EncodeToIds("a photo of dogs"));
        Assert.Equal(6, count);
        Assert.Equal(2, tokenizer.PadId);
        Assert.Equal(64, tokenizer.ContextLength);
    }

    /// <summary>A SentencePiece <c>ModelProto</c> (Unigram, unk/bos/eos = 0/1/2, no character map).</summary>
    private static byte[] SentencePieceModel(params (string Piece, float Score, int Type)[] pieces)
    {
        var model = new ProtoWriter();
        foreach (var (piece, score, type) in pieces)
        {
            var entry = new ProtoWriter();
            entry.WriteStringField(1, piece);
            entry.WriteFloatField(2, score);
            entry.WriteVarintField(3, type);
            model.WriteMessageField(1, entry);
        }

        var trainer = new ProtoWriter();
        trainer.WriteVarintField(3, 1);
        trainer.WriteVarintField(40, 0);
        trainer.WriteVarintField(41, 1);
        trainer.WriteVarintField(42, 2);
        trainer.WriteVarintField(43, -1);
        model.WriteMessageField(2, trainer);
        var normalizer = new ProtoWriter();
        normalizer.WriteStringField(1, "identity");
        normalizer.WriteVarintField(3, 1);
        normalizer.WriteVarintField(4, 1);
        normalizer.WriteVarintField(5, 1);
        model.WriteMessageField(3, normalizer);
        return model.ToArray();
    }
}
