using VlSearch.Onnx;

namespace VlSearch.Cli.Tests;

/// <summary>
/// A SigLIP-layout model indexes and answers text searches through the CLI with calibrated scores: each hit's score
/// is σ(cos · exp(logit_scale) + logit_bias) of its vectors, and a score cutoff cuts on that probability.
/// </summary>
public sealed class SiglipSearchCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Theory]
    [InlineData(ClipModelLayout.HuggingFace)]
    [InlineData(ClipModelLayout.OpenClip)]
    public async Task A_siglip_model_searches_with_probability_scores_and_a_cutoff_on_them(ClipModelLayout layout)
    {
        var model = RandomSiglipModel.Write(temp.Sub("siglip"), layout);
        var photos = temp.Sub("photos");
        TestImages.WriteLibrary(photos, 6);
        var cli = new CliRunner(temp.Sub("data"));
        var index = await cli.RunAsync("index", photos, "--model", model, "--json");
        Assert.True(index.ExitCode == 0, index.Stderr);

        const string query = "a photo of a dog on the beach";
        var all = await cli.RunAsync("search", query, "--model", model, "--stages", "vector", "--cutoff", "none", "-k", "6", "--json", "--explain");
        Assert.True(all.ExitCode == 0, all.Stderr);
        var hits = all.Json.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(6, hits.Count);

        var text = FamilyParity.Floats((await cli.RunAsync("embed", "--model", model, "--text", query)).Json);
        foreach (var hit in hits)
        {
            var image = FamilyParity.Floats((await cli.RunAsync("embed", "--model", model, "--image", hit.GetProperty("path").GetString()!)).Json);
            var cosine = FamilyParity.Cosine(text, image);
            var probability = 1 / (1 + Math.Exp(-((cosine * Math.Exp(RandomSiglipModel.LogitScale)) + RandomSiglipModel.LogitBias)));
            Assert.Equal(probability, hit.GetProperty("score").GetDouble(), 3);
            Assert.InRange(hit.GetProperty("score").GetDouble(), 0, 1);
        }

        // A cutoff between the second and third probability keeps exactly the first two.
        var scores = hits.Select(h => h.GetProperty("score").GetDouble()).ToList();
        Assert.True(scores[1] > scores[2], "the random model gives distinct scores");
        var threshold = ((scores[1] + scores[2]) / 2).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var cut = await cli.RunAsync("search", query, "--model", model, "--stages", "vector", "--cutoff", threshold, "-k", "6", "--json", "--explain");
        Assert.True(cut.ExitCode == 0, cut.Stderr);
        Assert.Equal(2, cut.Json.GetProperty("hits").GetArrayLength());
        Assert.Equal(4, cut.Json.GetProperty("hiddenByCutoff").GetInt32());
    }

    public void Dispose() => temp.Dispose();
}
