using VlSearch.Onnx;

namespace VlSearch.Cli.Tests;

/// <summary>
/// A random-weight multilingual CLIP with an XLM-RoBERTa text tower tokenizes and embeds text as transformers.js's
/// XLMRobertaModel does: from immich's Unigram tokenizer.json, and from a bare sentencepiece.bpe.model through the
/// fairseq id offset.
/// </summary>
public sealed class XlmRobertaParityTests : IDisposable
{
    private readonly TempFolder temp = new();

    [SkippableFact]
    public async Task Xlm_roberta_token_ids_and_text_embeddings_match_transformers_js()
    {
        Skip.IfNot(FamilyParity.Available(out var install), FamilyParity.SkipReason);
        var reference = RandomXlmRobertaModel.Write(temp.Sub("xlmr-js"), layout: null);
        var immich = RandomXlmRobertaModel.Write(temp.Sub("xlmr-immich"), ClipModelLayout.OpenClip);
        var hf = RandomXlmRobertaModel.Write(temp.Sub("xlmr-hf"), ClipModelLayout.HuggingFace);
        var texts = FamilyParity.Texts;
        var expected = await FamilyParity.RunTextAsync(install, reference, "XLMRobertaModel", RandomXlmRobertaModel.ContextLength, texts, temp.Sub("scratch"));

        using var immichModel = OnnxClipModel.Load(immich, onWarning: _ => { });
        using var hfModel = OnnxClipModel.Load(hf, onWarning: _ => { });
        var hfVectors = hfModel.Text!.Encode(texts);
        var mismatches = new List<string>();
        var worst = 1.0;
        for (var i = 0; i < texts.Length; i++)
        {
            var ids = FamilyParity.Ints(expected[i].GetProperty("ids"));
            foreach (var (layout, model) in new[] { ("immich", immichModel), ("sentencepiece.bpe.model", hfModel) })
            {
                var ours = model.Tokenizer!.EncodeToIds(texts[i]);
                if (!ids.SequenceEqual(ours))
                {
                    mismatches.Add($"{layout} '{texts[i]}': [{string.Join(", ", ours)}] vs transformers.js [{string.Join(", ", ids)}]");
                }
            }

            var padded = FamilyParity.Ints(expected[i].GetProperty("padded"));
            if (!padded.Select(id => (long)id).SequenceEqual(immichModel.Tokenizer!.EncodePadded(texts[i])))
            {
                mismatches.Add($"padded '{texts[i]}': [{string.Join(", ", immichModel.Tokenizer!.EncodePadded(texts[i]))}] vs transformers.js [{string.Join(", ", padded)}]");
            }

            var embedding = FamilyParity.Floats(expected[i].GetProperty("embedding"));
            // immich's tower has no mask and averages over the padding too; the masked split tower is the one to compare.
            worst = Math.Min(worst, FamilyParity.Cosine(embedding, hfVectors[i]));
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(worst >= 0.9999, $"lowest text embedding cosine {worst}");
    }

    public void Dispose() => temp.Dispose();
}
