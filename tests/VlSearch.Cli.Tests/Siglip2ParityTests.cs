using VlSearch.Core;
using VlSearch.Onnx;

namespace VlSearch.Cli.Tests;

/// <summary>
/// A random-weight SigLIP2 model in the transformers.js layout, with a Gemma-style SentencePiece BPE tokenizer.json
/// (byte fallback), tokenizes and embeds text as transformers.js does, and scores with SigLIP's probability.
/// </summary>
public sealed class Siglip2ParityTests : IDisposable
{
    private readonly TempFolder temp = new();

    [SkippableFact]
    public async Task Siglip2_token_ids_and_text_embeddings_match_transformers_js()
    {
        Skip.IfNot(FamilyParity.Available(out var install), FamilyParity.SkipReason);
        var model = RandomSiglip2Model.Write(temp.Sub("siglip2"));
        string[] texts = [.. FamilyParity.Texts, "<eos> inside <bos> text<pad>", "<unk><mask>", "🏳️‍🌈 👩🏽‍💻 flags"];
        Assert.True(texts.Length >= 50);
        Assert.True(RandomSiglip2Model.Vocabulary.Count >= 2000 && RandomSiglip2Model.Merges.Count >= 1000,
            $"{RandomSiglip2Model.Vocabulary.Count} pieces, {RandomSiglip2Model.Merges.Count} merges");
        var reference = await FamilyParity.RunTextAsync(install, model, "SiglipTextModel", RandomSiglip2Model.ContextLength, texts, temp.Sub("scratch"));

        using var loaded = OnnxClipModel.Load(model, onWarning: _ => { });
        var vectors = loaded.Text!.Encode(texts);
        var worst = 1.0;
        var mismatches = new List<string>();
        var byteFallbacks = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            var expectedIds = FamilyParity.Ints(reference[i].GetProperty("ids"));
            var ours = loaded.Tokenizer!.EncodeToIds(texts[i]);
            if (!expectedIds.SequenceEqual(ours))
            {
                mismatches.Add($"'{texts[i]}': [{string.Join(", ", ours)}] vs transformers.js [{string.Join(", ", expectedIds)}]");
            }

            // Ids 5..260 are the byte pieces.
            byteFallbacks += ours.Count(id => id is >= 5 and < 261);
            var padded = FamilyParity.Ints(reference[i].GetProperty("padded"));
            if (!padded.Select(id => (long)id).SequenceEqual(loaded.Tokenizer!.EncodePadded(texts[i])))
            {
                mismatches.Add($"padded '{texts[i]}': [{string.Join(", ", loaded.Tokenizer!.EncodePadded(texts[i]))}] vs transformers.js [{string.Join(", ", padded)}]");
            }

            worst = Math.Min(worst, FamilyParity.Cosine(FamilyParity.Floats(reference[i].GetProperty("embedding")), vectors[i]));
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(byteFallbacks > 0, "some texts reach the byte pieces");
        Assert.True(worst >= 0.9999, $"lowest text embedding cosine {worst}");
        Assert.Equal(SimilarityScale.Sigmoid(RandomSiglip2Model.LogitScale, RandomSiglip2Model.LogitBias), loaded.Scale);
    }

    public void Dispose() => temp.Dispose();
}
