using System.Text.Json.Nodes;
using VlSearch.Core;
using VlSearch.Onnx;

namespace VlSearch.Cli.Tests;

/// <summary>
/// SigLIP2 in immich's layout (<c>ViT-B-16-SigLIP2__webli</c>): OpenCLIP's config, int32 [1, 64] text input, the
/// Gemma tokenizer.json behind OpenCLIP's <c>canonicalize</c> cleanup, &lt;eos&gt; after the text and &lt;pad&gt; to 64.
/// </summary>
public sealed class Siglip2ImmichTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void An_immich_folder_loads_cleans_up_the_text_and_pads_eos_then_pad_to_64()
    {
        using var model = OnnxClipModel.Load(RandomSiglip2Model.WriteImmich(temp.Sub("immich")), onWarning: _ => { });
        var tokenizer = model.Tokenizer!;
        var plain = TextTokenizer.Load(RandomSiglip2Model.Write(temp.Sub("plain")));

        Assert.Equal(ClipModelLayout.OpenClip, model.Layout);
        Assert.Equal(RandomSiglip2Model.ContextLength, tokenizer.ContextLength);
        Assert.Equal(plain.EncodeToIds("a photo of the dog"), tokenizer.EncodeToIds("  A Photo, of THE_dog!! "));
        var ids = tokenizer.EncodePadded("a dog");
        var count = tokenizer.EncodeToIds("a dog").Count;
        Assert.Equal(1, ids[count - 1]);
        Assert.All(ids[count..], id => Assert.Equal(0, id));

        // A long text keeps <eos> in the last of its 64 positions, as a truncating Python tokenizer does.
        var longIds = tokenizer.EncodePadded(string.Join(' ', Enumerable.Repeat("a photo of a dog", 40)));
        Assert.Equal(1, longIds[^1]);
        Assert.DoesNotContain(0L, longIds);

        // Special tokens typed in a query lose their brackets to the cleanup: no <eos> inside the text.
        Assert.Equal(plain.EncodeToIds("eos"), tokenizer.EncodeToIds("<eos>"));
    }

    [Fact]
    public void The_initial_logit_bias_of_an_open_clip_config_is_not_taken_for_a_trained_one()
    {
        using var model = OnnxClipModel.Load(RandomSiglip2Model.WriteImmich(temp.Sub("immich")), onWarning: _ => { });

        Assert.Equal(SimilarityScale.Cosine, model.Scale);
    }

    [Fact]
    public void The_immich_text_tower_embeds_the_cleaned_text_as_the_same_weights_in_the_transformers_js_layout()
    {
        using var immich = OnnxClipModel.Load(RandomSiglip2Model.WriteImmich(temp.Sub("immich")), onWarning: _ => { });
        using var plain = OnnxClipModel.Load(RandomSiglip2Model.Write(temp.Sub("plain")), onWarning: _ => { });
        string[] raw = ["A Photo of a Dog!", "Straße über dem Fluß", "“curly” snake_case"];

        var ours = immich.Text!.Encode(raw);
        var reference = plain.Text!.Encode([.. raw.Select(OpenClipTextCleanup.Canonicalize)]);
        for (var i = 0; i < raw.Length; i++)
        {
            Assert.True(FamilyParity.Cosine(reference[i], ours[i]) >= 0.9999, raw[i]);
        }
    }

    [Fact]
    public void Add_bos_and_add_eos_in_tokenizer_config_decide_the_special_tokens_as_the_python_tokenizer_does()
    {
        var folder = RandomSiglip2Model.WriteImmich(temp.Sub("immich"));
        var configPath = Path.Combine(folder, "textual", "tokenizer_config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["add_bos_token"] = true;
        config["add_eos_token"] = false;
        File.WriteAllText(configPath, config.ToJsonString());

        var ids = TextTokenizer.Load(folder).EncodeToIds("dog");

        Assert.Equal(2, ids[0]);
        Assert.NotEqual(1, ids[^1]);
    }

    [Fact]
    public void An_unknown_cleanup_name_fails_the_load_naming_it()
    {
        var folder = RandomSiglip2Model.WriteImmich(temp.Sub("immich"));
        var configPath = Path.Combine(folder, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["text_cfg"]!["tokenizer_kwargs"]!["clean"] = "shout";
        File.WriteAllText(configPath, config.ToJsonString());

        var error = Assert.Throws<ModelLoadException>(() => TextTokenizer.Load(folder));
        Assert.Contains("shout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_calibration_side_file_gives_the_scale_and_a_half_given_one_fails_the_load_naming_the_file()
    {
        var folder = RandomSiglip2Model.WriteImmich(temp.Sub("immich"));
        var side = Path.Combine(folder, ModelCalibration.FileName);
        File.WriteAllText(side, """{ "logit_scale": 4.5, "logit_bias": -16.5 }""");
        using (var model = OnnxClipModel.Load(folder, onWarning: _ => { }))
        {
            Assert.Equal(SimilarityScale.Sigmoid(4.5, -16.5), model.Scale);
        }

        Assert.Equal("probability", new OnnxModelFolderLoader().Describe(folder).ScoreKind);
        File.WriteAllText(side, """{ "logit_scale": 4.5 }""");
        var error = Assert.Throws<ModelLoadException>(() => OnnxClipModel.Load(folder, onWarning: _ => { }));
        Assert.Contains(ModelCalibration.FileName, error.Message, StringComparison.Ordinal);
        File.Delete(side);
        Assert.Equal(ModelCalibration.UncalibratedScoreKind, new OnnxModelFolderLoader().Describe(folder).ScoreKind);
        Assert.Null(new OnnxModelFolderLoader().Describe(RandomClipModel.Write(temp.Sub("clip"))).ScoreKind);
    }

    [SkippableFact]
    public async Task Cleanup_and_token_ids_match_transformers_js_on_the_canonicalized_text()
    {
        Skip.IfNot(FamilyParity.Available(out var install), FamilyParity.SkipReason);
        var immich = RandomSiglip2Model.WriteImmich(temp.Sub("immich"));
        var plain = RandomSiglip2Model.Write(temp.Sub("siglip2"));
        string[] texts = [.. FamilyParity.Texts, "snake_case_query", "“curly” ‘quotes’", "ＦＵＬＬ　ｗｉｄｔｈ！", "&amp; entities &eacute;"];
        Assert.True(texts.Length >= 50);
        var cleaned = texts.Select(OpenClipTextCleanup.Canonicalize).ToList();
        var reference = await FamilyParity.RunTextAsync(install, plain, "SiglipTextModel", RandomSiglip2Model.ContextLength, cleaned, temp.Sub("scratch"));

        using var model = OnnxClipModel.Load(immich, onWarning: _ => { });
        var vectors = model.Text!.Encode(texts);
        var mismatches = new List<string>();
        var worst = 1.0;
        for (var i = 0; i < texts.Length; i++)
        {
            var padded = FamilyParity.Ints(reference[i].GetProperty("padded")).Select(id => (long)id);
            var ours = model.Tokenizer!.EncodePadded(texts[i]);
            if (!padded.SequenceEqual(ours))
            {
                mismatches.Add($"'{texts[i]}' → '{cleaned[i]}': [{string.Join(", ", ours)}] vs transformers.js [{string.Join(", ", padded)}]");
            }

            worst = Math.Min(worst, FamilyParity.Cosine(FamilyParity.Floats(reference[i].GetProperty("embedding")), vectors[i]));
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(worst >= 0.9999, $"lowest text embedding cosine {worst}");
    }

    public void Dispose() => temp.Dispose();
}
