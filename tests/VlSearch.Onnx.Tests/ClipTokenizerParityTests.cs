using System.Text.Json;

namespace VlSearch.Onnx.Tests;

public sealed class ClipTokenizerParityTests
{
    private sealed record Reference(string Text, int[] Ids);

    private static readonly Lazy<TextTokenizer> Shared = new(() => TextTokenizer.Load(SharedTokenizerData.Folder!));

    private static List<Reference> References() =>
        JsonSerializer.Deserialize<List<Reference>>(
            File.ReadAllText(Path.Combine(SharedTokenizerData.Folder!, "reference-ids.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [ClipTokenizerDataFact]
    public void Every_reference_text_gets_the_ids_of_the_original_tokenizer()
    {
        var tokenizer = Shared.Value;
        var mismatches = References()
            .Select(r => (r.Text, Expected: r.Ids, Actual: tokenizer.EncodeToIds(r.Text).ToArray()))
            .Where(r => !r.Expected.SequenceEqual(r.Actual))
            .Select(r => $"{r.Text}: expected [{string.Join(',', r.Expected)}] got [{string.Join(',', r.Actual)}]")
            .ToList();

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [ClipTokenizerDataFact]
    public void A_folder_with_only_vocab_merges_and_config_tokenizes_with_hugging_face_padding()
    {
        var tokenizer = Shared.Value;
        var reference = References()[0];

        var padded = tokenizer.EncodePadded(reference.Text);

        Assert.Equal(77, tokenizer.ContextLength);
        Assert.Equal(77, padded.Length);
        Assert.Equal(reference.Ids.Select(i => (long)i), padded.Take(reference.Ids.Length));
        Assert.All(padded.Skip(reference.Ids.Length), id => Assert.Equal(49407L, id));
    }

    [ClipTokenizerDataFact]
    public void A_long_text_keeps_its_first_76_ids_and_ends_with_the_end_token()
    {
        var tokenizer = Shared.Value;
        var text = string.Join(' ', Enumerable.Repeat("a photo of a dog", 30));
        var full = tokenizer.EncodeToIds(text);

        var ids = new long[77];
        var mask = new long[77];
        var count = tokenizer.EncodePadded(text, ids, mask);

        Assert.True(full.Count > 77);
        Assert.Equal(77, count);
        Assert.Equal(full.Take(76).Select(i => (long)i), ids.Take(76));
        Assert.Equal(49407L, ids[76]);
        Assert.All(mask, m => Assert.Equal(1L, m));
    }
}
