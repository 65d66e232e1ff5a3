using System.Text.Json;
using VlSearch.Core;
using VlSearch.Onnx;

namespace VlSearch.Cli.Tests;

/// <summary>
/// An immich-layout SigLIP2 model indexes and searches through the CLI. Its download carries no trained scale or bias,
/// so the scores are cosines and <c>models list</c> says so; a scale and bias from the settings make them SigLIP's
/// probabilities.
/// </summary>
public sealed class Siglip2ImmichSearchCliTests : IDisposable
{
    private const string Name = "ViT-B-16-SigLIP2__webli";
    private const double LogitScale = 2.302585092994046;
    private const double LogitBias = -4.0;
    private readonly TempFolder temp = new();

    [Fact]
    public async Task An_immich_siglip2_model_searches_with_cosines_until_configuration_gives_its_scale_and_bias()
    {
        var source = RandomSiglip2Model.WriteImmich(temp.Sub(Name));
        var photos = temp.Sub("photos");
        TestImages.WriteLibrary(photos, 6);
        var cli = new CliRunner(temp.Sub("data"));
        var import = await cli.RunAsync("models", "import", source);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Equal(ModelCalibration.UncalibratedScoreKind, ListedScoreKind(await cli.RunAsync("models", "list", "--json")));

        var index = await cli.RunAsync("index", photos, "--model", Name, "--json");
        Assert.True(index.ExitCode == 0, index.Stderr);
        const string query = "A Photo of a Dog, on the beach!";
        var cosines = await SearchAsync(cli, query);
        var text = FamilyParity.Floats((await cli.RunAsync("embed", "--model", Name, "--text", query)).Json);
        var expected = new Dictionary<string, double>();
        foreach (var (path, score) in cosines)
        {
            var image = FamilyParity.Floats((await cli.RunAsync("embed", "--model", Name, "--image", path)).Json);
            expected[path] = FamilyParity.Cosine(text, image);
            // The index keeps its own copy of the vectors; a few parts in ten thousand apart at most.
            Assert.InRange(Math.Abs(expected[path] - score), 0, 1e-3);
        }

        await File.WriteAllTextAsync(Path.Combine(cli.DataDirectory, "vlsearch.json"), $$"""
            { "Models": { "{{Name}}": { "LogitScale": {{LogitScale.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}, "LogitBias": {{LogitBias.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}} } } }
            """);
        Assert.Equal("probability", ListedScoreKind(await cli.RunAsync("models", "list", "--json")));
        var probabilities = await SearchAsync(cli, query);
        Assert.Equal(cosines.Select(h => h.Path), probabilities.Select(h => h.Path));
        foreach (var (path, score) in probabilities)
        {
            Assert.InRange(Math.Abs(SimilarityScale.Sigmoid(LogitScale, LogitBias).Apply(expected[path]) - score), 0, 1e-3);
        }
    }

    [Fact]
    public async Task A_scale_without_a_bias_in_the_settings_fails_the_load_with_one_line_naming_the_setting()
    {
        var source = RandomSiglip2Model.WriteImmich(temp.Sub(Name));
        var cli = new CliRunner(temp.Sub("data"));
        Assert.Equal(0, (await cli.RunAsync("models", "import", source)).ExitCode);
        await File.WriteAllTextAsync(Path.Combine(cli.DataDirectory, "vlsearch.json"), $$"""{ "Models": { "{{Name}}": { "LogitScale": 4.7 } } }""");

        var result = await cli.RunAsync("embed", "--model", Name, "--text", "a dog");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Models:{Name}", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<List<(string Path, double Score)>> SearchAsync(CliRunner cli, string query)
    {
        var result = await cli.RunAsync("search", query, "--model", Name, "--stages", "vector", "--cutoff", "none", "-k", "6", "--json", "--explain");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var hits = result.Json.GetProperty("hits").EnumerateArray()
            .Select(h => (h.GetProperty("path").GetString()!, h.GetProperty("score").GetDouble())).ToList();
        Assert.Equal(6, hits.Count);
        return hits;
    }

    private static string? ListedScoreKind(CliRunner.Result list)
    {
        Assert.True(list.ExitCode == 0, list.Stderr);
        return list.Json.EnumerateArray().Single(m => m.GetProperty("name").GetString() == Name)
            .TryGetProperty("scoreKind", out var kind) && kind.ValueKind == JsonValueKind.String ? kind.GetString() : null;
    }

    public void Dispose() => temp.Dispose();
}
