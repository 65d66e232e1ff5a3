using System.Diagnostics;
using System.Text.Json;

namespace VlSearch.Cli.Tests;

/// <summary>
/// The shipped model gives the same token ids and embeddings in VlSearch as in transformers.js, an independent
/// implementation of the Hugging Face layout, run offline from the model folder.
/// </summary>
public sealed class TransformersJsParityTests : IDisposable
{
    private const string Variable = "VLSEARCH_TRANSFORMERS_JS";
    private readonly TempFolder temp = new();

    [SkippableFact]
    public async Task Vlsearch_tiny_tokens_and_embeddings_match_transformers_js()
    {
        var install = Environment.GetEnvironmentVariable(Variable);
        Skip.If(string.IsNullOrWhiteSpace(install), $"{Variable} is not set: .ci/setup.sh installs transformers.js there.");

        var model = RepositoryPaths.Combine("models", "vlsearch-tiny");
        var texts = new[] { "a big blue star left of a little red circle", "two small green triangles on a striped background", "A RED Ring!!" };
        var images = new[] { "test-00001.png", "test-00002.png", "test-00500.png" }.Select(f => RepositoryPaths.Combine("samples", "synthetic-test", f)).ToArray();
        var reference = await RunNodeAsync(install!, model, [.. texts.Select(t => "text:" + t), .. images]);

        var cli = new CliRunner(temp.Sub("data"));
        var tokens = (await cli.RunAsync(["tokenize", "--model", model, .. texts])).Json;
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(Ints(reference[i].GetProperty("ids")), Ints(tokens[i].GetProperty("ids")));
            var ours = await cli.RunAsync("embed", "--model", model, "--text", texts[i]);
            AssertClose(Floats(reference[i].GetProperty("embedding")), Floats(ours.Json), 1e-4);
        }

        for (var i = 0; i < images.Length; i++)
        {
            var ours = await cli.RunAsync("embed", "--model", model, "--image", images[i]);
            AssertClose(Floats(reference[texts.Length + i].GetProperty("embedding")), Floats(ours.Json), 1e-4);
        }
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"value {i}: {actual[i]} vs reference {expected[i]}");
        }
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetSingle())];

    private static async Task<List<JsonElement>> RunNodeAsync(string install, string model, string[] items)
    {
        var script = RepositoryPaths.Combine("tests", "parity", "transformers-parity.mjs");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = install };
        info.Environment["NODE_PATH"] = Path.Combine(install, "node_modules");
        // ES modules resolve packages from the script's folder upwards, so the script runs from a copy inside the install.
        var local = Path.Combine(install, "transformers-parity.mjs");
        File.Copy(script, local, overwrite: true);
        info.ArgumentList.Add(local);
        info.ArgumentList.Add(model);
        foreach (var item in items)
        {
            info.ArgumentList.Add(item);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return [.. JsonDocument.Parse(await stdout).RootElement.EnumerateArray()];
    }

    public void Dispose() => temp.Dispose();
}
