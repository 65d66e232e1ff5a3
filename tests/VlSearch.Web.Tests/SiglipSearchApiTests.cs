using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Core;
using VlSearch.Onnx;
using VlSearch.Testing;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

/// <summary>
/// A SigLIP-layout model indexes and searches through the HTTP API with calibrated scores: each hit's score is
/// σ(cos · exp(logit_scale) + logit_bias) of its vectors, and a numeric cutoff cuts on that probability.
/// </summary>
public sealed partial class SiglipSearchApiTests : IDisposable
{
    private const int Photos = 6;
    private const string Query = "a photo of a dog on the beach";

    private readonly TempFolder models = new();

    [Fact]
    public async Task A_siglip_model_searches_through_the_api_with_probability_scores_and_a_cutoff_on_them()
    {
        var model = RandomSiglipModel.Write(models.Sub("siglip"), ClipModelLayout.HuggingFace);
        using var factory = new VlSearchWebFactory { Settings = { ["Models:Active"] = model } };
        var library = new SyntheticLibrary(Path.Combine(factory.TempRoot, "photos"), Photos);
        Assert.Equal("succeeded", (await factory.AddLibraryAndWaitAsync(library.Folder)).State);
        using var client = factory.CreateAdminClient();

        var all = (await client.GetFromJsonAsync<SearchResponse>(SearchUrl("none")))!;
        Assert.Equal(Photos, all.Items.Count);

        using var loaded = factory.Services.GetRequiredService<IModelFolderLoader>().Load(model, new InferenceOptions());
        Assert.Equal(ScoreKind.Probability, loaded.Scale.Kind);
        var text = loaded.Text!.Encode([Query])[0];
        foreach (var hit in all.Items)
        {
            var image = EmbedImage(factory.Services, loaded, Path.IsPathRooted(hit.Path) ? hit.Path : Path.Combine(library.Folder, hit.Path));
            var cosine = Cosine(text, image);
            var probability = 1 / (1 + Math.Exp(-((cosine * Math.Exp(RandomSiglipModel.LogitScale)) + RandomSiglipModel.LogitBias)));
            Assert.Equal(probability, hit.Score, 3);
            Assert.InRange(hit.Score, 0, 1);
        }

        // A cutoff between the second and third probability keeps exactly the first two.
        var scores = all.Items.Select(h => (double)h.Score).ToList();
        Assert.True(scores[1] > scores[2], "the random model gives distinct scores");
        var threshold = ((scores[1] + scores[2]) / 2).ToString("R", CultureInfo.InvariantCulture);
        var cut = (await client.GetFromJsonAsync<SearchResponse>(SearchUrl(threshold)))!;
        Assert.Equal(all.Items.Take(2).Select(h => h.Id), cut.Items.Select(h => h.Id));
        Assert.Equal(Photos - 2, cut.HiddenByCutoff);
    }

    [Fact]
    public async Task The_search_page_shows_the_same_probabilities_as_the_api_and_hides_what_its_cutoff_hides()
    {
        // Words no file name or caption holds: the keyword side finds nothing and, with no reranker installed, the
        // final scores are the vector side's probabilities, which the page must show as they are. (A reranked hit's
        // score is its fused score plus the match probability, which can pass 1.)
        const string Unmatched = "qzx vlorp";
        var model = RandomSiglipModel.Write(models.Sub("siglip-page"), ClipModelLayout.HuggingFace);
        using var factory = new VlSearchWebFactory { Settings = { ["Models:Active"] = model, ["Rerank:Enabled"] = "false" } };
        var library = new SyntheticLibrary(Path.Combine(factory.TempRoot, "photos"), Photos);
        Assert.Equal("succeeded", (await factory.AddLibraryAndWaitAsync(library.Folder)).State);
        using var client = factory.CreateAdminClient();

        var api = (await client.GetFromJsonAsync<SearchResponse>($"/api/v1/search?q={Uri.EscapeDataString(Unmatched)}&k=50&cutoff=auto"))!;
        var html = await client.GetStringAsync($"/?q={Uri.EscapeDataString(Unmatched)}");

        Assert.NotEmpty(api.Items);
        Assert.All(api.Items, h => Assert.Null(h.KeywordScore));
        Assert.All(api.Items, h => Assert.Null(h.RerankScore));
        Assert.All(api.Items, h => Assert.InRange(h.Score, 0, 1));
        var shown = ScoreSpan().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(api.Items.Select(h => h.Score.ToString("0.000", CultureInfo.InvariantCulture)), shown);
        if (api.HiddenByCutoff > 0)
        {
            Assert.Contains($"{api.HiddenByCutoff} weaker results hidden", html, StringComparison.Ordinal);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("<span class=\"score\"[^>]*>([0-9.]+)</span>")]
    private static partial System.Text.RegularExpressions.Regex ScoreSpan();

    private static string SearchUrl(string cutoff) =>
        $"/api/v1/search?q={Uri.EscapeDataString(Query)}&stages=vector&k={Photos}&cutoff={Uri.EscapeDataString(cutoff)}";

    private static float[] EmbedImage(IServiceProvider services, IEmbeddingModel model, string path)
    {
        var spec = model.Image.Preprocess;
        var photo = services.GetRequiredService<IPhotoDecoder>().Decode(path, spec.MinimumDecodeEdge);
        var pixels = new float[spec.TensorLength];
        services.GetRequiredService<IImagePreprocessor>().Preprocess(photo.Image, spec, pixels);
        var vector = new float[model.Image.Dimension];
        model.Image.Encode(pixels, 1, vector);
        return vector;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    public void Dispose() => models.Dispose();
}
