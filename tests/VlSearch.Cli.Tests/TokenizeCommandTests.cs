using System.Text.Json;

namespace VlSearch.Cli.Tests;

public sealed class TokenizeCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    private sealed record Reference(string Text, int[] Ids);

    [SkippableFact]
    public async Task Tokenize_prints_the_reference_ids_from_a_folder_with_only_tokenizer_files()
    {
        var shared = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "clip-tokenizer"));
        Skip.IfNot(Directory.Exists(shared), $"{shared} is absent: the CLIP reference vocabulary is provided beside the checkout, not in it.");

        var model = temp.Sub("tokenizer-only");
        File.Copy(Path.Combine(shared, "vocab.json"), Path.Combine(model, "vocab.json"));
        File.Copy(Path.Combine(shared, "merges.txt"), Path.Combine(model, "merges.txt"));
        File.WriteAllText(Path.Combine(model, "tokenizer_config.json"), """{ "model_max_length": 77, "pad_token": "<|endoftext|>", "bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>" }""");
        var references = JsonSerializer.Deserialize<List<Reference>>(File.ReadAllText(Path.Combine(shared, "reference-ids.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        var result = await new CliRunner(temp.Sub("data")).RunAsync(["tokenize", "--model", model, .. references.Select(r => r.Text)]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var printed = result.Json.EnumerateArray().ToList();
        Assert.Equal(references.Count, printed.Count);
        for (var i = 0; i < references.Count; i++)
        {
            Assert.Equal(references[i].Text, printed[i].GetProperty("text").GetString());
            Assert.Equal(references[i].Ids, printed[i].GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        }
    }

    public void Dispose() => temp.Dispose();
}
