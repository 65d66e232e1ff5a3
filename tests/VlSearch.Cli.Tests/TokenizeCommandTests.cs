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

    [Fact]
    public async Task Tokenize_finds_a_bundled_model_by_name_and_prints_the_ids_of_its_folder()
    {
        var cli = new CliRunner(temp.Sub("data"));

        var byName = await cli.RunAsync("tokenize", "--model", "vlsearch-tiny", "a dog on the beach", "two cats");
        var byFolder = await cli.RunAsync("tokenize", "--model", RepositoryPaths.Combine("models", "vlsearch-tiny"), "a dog on the beach", "two cats");

        Assert.True(byName.ExitCode == 0, byName.Stderr);
        Assert.Equal(2, byName.Json.GetArrayLength());
        Assert.NotEmpty(byName.Json[0].GetProperty("ids").EnumerateArray());
        Assert.Equal(byFolder.Stdout, byName.Stdout);
    }

    [Fact]
    public async Task Tokenize_refuses_a_built_in_model_because_it_has_no_tokenizer_folder()
    {
        var result = await new CliRunner(temp.Sub("data")).RunAsync("tokenize", "--model", "resnet18-imagenet", "a dog");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("'resnet18-imagenet' is a built-in model, not a model folder.", result.Stderr);
        Assert.Empty(result.Stdout.Trim());
    }

    public void Dispose() => temp.Dispose();
}
