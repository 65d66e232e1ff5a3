namespace VlSearch.Cli.Tests;

/// <summary>
/// A random-weight ALIGN model (BERT WordPiece text tower, kakaobrain/align-base layout) tokenizes and embeds text as
/// transformers.js's BertModel does with the same tokenizer.json.
/// </summary>
public sealed class AlignParityTests : IDisposable
{
    private readonly TempFolder temp = new();

    [SkippableFact]
    public async Task Align_token_ids_and_text_embeddings_match_transformers_js()
    {
        Skip.IfNot(FamilyParity.Available(out var install), FamilyParity.SkipReason);
        var reference = RandomAlignModel.Write(temp.Sub("align-js"), textOnly: true);
        var model = RandomAlignModel.Write(temp.Sub("align"));
        var texts = FamilyParity.Texts;
        var expected = await FamilyParity.RunTextAsync(install, reference, "BertModel", RandomAlignModel.ContextLength, texts, temp.Sub("scratch"));

        using var align = VlSearch.Onnx.OnnxClipModel.Load(model, onWarning: _ => { });
        var vectors = align.Text!.Encode(texts);
        var mismatches = new List<string>();
        var worst = 1.0;
        for (var i = 0; i < texts.Length; i++)
        {
            var ids = FamilyParity.Ints(expected[i].GetProperty("ids"));
            var ours = align.Tokenizer!.EncodeToIds(texts[i]);
            if (!ids.SequenceEqual(ours))
            {
                mismatches.Add($"'{texts[i]}': [{string.Join(", ", ours)}] vs transformers.js [{string.Join(", ", ids)}]");
            }

            var padded = FamilyParity.Ints(expected[i].GetProperty("padded"));
            if (!padded.Select(id => (long)id).SequenceEqual(align.Tokenizer!.EncodePadded(texts[i])))
            {
                mismatches.Add($"padded '{texts[i]}'");
            }

            worst = Math.Min(worst, FamilyParity.Cosine(FamilyParity.Floats(expected[i].GetProperty("embedding")), vectors[i]));
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(worst >= 0.9999, $"lowest text embedding cosine {worst}");
    }

    public void Dispose() => temp.Dispose();
}
