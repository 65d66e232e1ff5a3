using System.Text.Json.Nodes;
using VlSearch.Core;
using VlSearch.Onnx;

namespace VlSearch.Cli.Tests;

/// <summary>The Gemma-style SentencePiece BPE tokenizer's rules that parity with transformers.js does not reach.</summary>
public sealed class Siglip2TokenizerTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void Do_lower_case_lower_cases_the_text_and_padding_uses_pad_after_eos()
    {
        var lower = TextTokenizer.Load(RandomSiglip2Model.Write(temp.Sub("lower"), lowerCase: true));
        var asIs = TextTokenizer.Load(RandomSiglip2Model.Write(temp.Sub("as-is")));

        Assert.Equal(asIs.EncodeToIds("a photo of the dog"), lower.EncodeToIds("A Photo Of THE Dog"));
        Assert.NotEqual(asIs.EncodeToIds("a photo of the dog"), asIs.EncodeToIds("A Photo Of THE Dog"));
        var padded = lower.EncodePadded("dog");
        Assert.Equal(RandomSiglip2Model.ContextLength, padded.Length);
        var count = lower.EncodeToIds("dog").Count;
        Assert.Equal(1, padded[count - 1]);
        Assert.All(padded[count..], id => Assert.Equal(0, id));
    }

    [Fact]
    public void A_character_outside_the_vocabulary_is_spelled_as_its_utf8_bytes()
    {
        var tokenizer = TextTokenizer.Load(RandomSiglip2Model.Write(temp.Sub("model")));
        var vocabulary = RandomSiglip2Model.Vocabulary;

        // U+1F436 (dog face) is F0 9F 90 B6 in UTF-8.
        var ids = tokenizer.EncodeToIds("🐶");
        Assert.Equal(["<0xF0>", "<0x9F>", "<0x90>", "<0xB6>", "<eos>"], ids.Select(id => vocabulary[id]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_normalized_added_token_matches_the_normalized_text_and_a_raw_one_only_the_typed_text(bool normalized)
    {
        var model = RandomSiglip2Model.Write(temp.Sub("model"));
        var path = Path.Combine(model, "tokenizer.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var id = RandomSiglip2Model.Vocabulary.Count;
        // Spelled with the normalizer's space marker: only the normalized text "dog cat" becomes "dog▁cat".
        json["added_tokens"]!.AsArray().Add(new JsonObject
        {
            ["id"] = id,
            ["content"] = "dog\u2581cat",
            ["single_word"] = false,
            ["lstrip"] = false,
            ["rstrip"] = false,
            ["normalized"] = normalized,
            ["special"] = false,
        });
        File.WriteAllText(path, json.ToJsonString());
        var tokenizer = TextTokenizer.Load(model);
        var plain = TextTokenizer.Load(RandomSiglip2Model.Write(temp.Sub("plain")));

        var ids = tokenizer.EncodeToIds("a dog cat here");

        if (normalized)
        {
            // "a▁" | dog▁cat | "▁here" | <eos>
            Assert.Equal([.. plain.EncodeToIds("a ").SkipLast(1), id, .. plain.EncodeToIds(" here")], ids);
        }
        else
        {
            Assert.Equal(plain.EncodeToIds("a dog cat here"), ids);
            Assert.Equal([id, 1], tokenizer.EncodeToIds("dog\u2581cat"));
        }
    }

    [Fact]
    public void A_pre_tokenizer_it_does_not_implement_fails_the_load_with_a_clear_message()
    {
        var model = RandomSiglip2Model.Write(temp.Sub("model"));
        var path = Path.Combine(model, "tokenizer.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel" };
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<ModelLoadException>(() => TextTokenizer.Load(model));
        Assert.Contains("ByteLevel", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
