using VlSearch.Core;
using VlSearch.Onnx;

namespace VlSearch.Cli.Tests;

/// <summary>
/// A random-weight SigLIP model in both real layouts tokenizes and embeds text as transformers.js does: the
/// SentencePiece model file (transformers.js layout) and the Unigram tokenizer.json alone (immich layout) give the
/// ids transformers.js gives from tokenizer.json.
/// </summary>
public sealed class SiglipParityTests : IDisposable
{
    private readonly TempFolder temp = new();

    [SkippableFact]
    public async Task Siglip_token_ids_and_text_embeddings_match_transformers_js_in_both_layouts()
    {
        Skip.IfNot(FamilyParity.Available(out var install), FamilyParity.SkipReason);
        var hf = RandomSiglipModel.Write(temp.Sub("siglip-hf"), ClipModelLayout.HuggingFace);
        var immich = RandomSiglipModel.Write(temp.Sub("siglip-immich"), ClipModelLayout.OpenClip);
        var texts = FamilyParity.Texts;
        Assert.True(texts.Length >= 50);
        var reference = await FamilyParity.RunTextAsync(install, hf, "SiglipTextModel", RandomSiglipModel.ContextLength, texts, temp.Sub("scratch"));

        // The same folder with spiece.model only, as the Hugging Face hub has SigLIP.
        var spieceOnly = temp.Sub("siglip-spiece");
        RandomSiglipModel.Write(spieceOnly, ClipModelLayout.HuggingFace);
        File.Delete(Path.Combine(spieceOnly, "tokenizer.json"));
        var fromSpiece = TextTokenizer.Load(spieceOnly);

        using var hfModel = OnnxClipModel.Load(hf, onWarning: _ => { });
        using var immichModel = OnnxClipModel.Load(immich, onWarning: _ => { });
        var hfVectors = hfModel.Text!.Encode(texts);
        var immichVectors = immichModel.Text!.Encode(texts);
        var worst = 1.0;
        var mismatches = new List<string>();
        for (var i = 0; i < texts.Length; i++)
        {
            var expectedIds = FamilyParity.Ints(reference[i].GetProperty("ids"));
            var ours = hfModel.Tokenizer!.EncodeToIds(texts[i]);
            if (!expectedIds.SequenceEqual(ours) || !expectedIds.SequenceEqual(immichModel.Tokenizer!.EncodeToIds(texts[i])) || !expectedIds.SequenceEqual(fromSpiece.EncodeToIds(texts[i])))
            {
                mismatches.Add($"'{texts[i]}': [{string.Join(", ", ours)}] vs transformers.js [{string.Join(", ", expectedIds)}]");
            }

            var padded = FamilyParity.Ints(reference[i].GetProperty("padded"));
            if (!padded.Select(id => (long)id).SequenceEqual(hfModel.Tokenizer!.EncodePadded(texts[i])))
            {
                mismatches.Add($"padded '{texts[i]}': [{string.Join(", ", hfModel.Tokenizer!.EncodePadded(texts[i]))}] vs transformers.js [{string.Join(", ", padded)}]");
            }

            var expected = FamilyParity.Floats(reference[i].GetProperty("embedding"));
            worst = Math.Min(worst, Math.Min(FamilyParity.Cosine(expected, hfVectors[i]), FamilyParity.Cosine(expected, immichVectors[i])));
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(worst >= 0.9999, $"lowest text embedding cosine {worst}");
        Assert.Equal(ScoreKind.Probability, hfModel.Scale.Kind);
        Assert.Equal(hfModel.Scale, immichModel.Scale);
    }

    public void Dispose() => temp.Dispose();
}
