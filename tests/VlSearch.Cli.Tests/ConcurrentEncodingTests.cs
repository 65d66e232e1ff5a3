namespace VlSearch.Cli.Tests;

/// <summary>Several encoder calls at once, as the pipeline runs them by default, lose and mix up nothing.</summary>
public sealed class ConcurrentEncodingTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Four_encoders_with_small_batches_embed_every_photo_once_under_its_own_vector()
    {
        var model = RandomClipModel.Write(temp.Sub("model"));
        var library = temp.Sub("library");
        var photos = Enumerable.Range(0, 61).Select(i => TestImages.WriteJpeg(Path.Combine(library, $"photo-{i:00}.jpg"), 500 + i, 96)).ToList();
        File.WriteAllText(Path.Combine(library, "broken.jpg"), "not a picture");
        File.WriteAllBytes(Path.Combine(library, "empty.jpg"), []);

        var cli = new CliRunner(temp.Sub("data"));
        cli.Environment["VLSEARCH_Indexing__EncodeParallelism"] = "4";
        cli.Environment["VLSEARCH_Indexing__BatchSize"] = "3";
        cli.Environment["VLSEARCH_Indexing__FlushEveryBatches"] = "2";
        var run = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(61, run.Json[0].GetProperty("embedded").GetInt64());
        Assert.Equal(2, run.Json[0].GetProperty("failed").GetInt64());

        var status = await cli.RunAsync("status", "--json");
        Assert.Equal(61, status.Json.GetProperty("photos").GetInt64());
        var vectors = status.Json.GetProperty("models")[0];
        Assert.Equal(61, vectors.GetProperty("vectors").GetInt64());
        Assert.Equal(61, vectors.GetProperty("indexed").GetInt64());

        // A vector stored under another photo's id would make that photo, not this one, the nearest to itself.
        foreach (var photo in photos.Where((_, i) => i % 6 == 0))
        {
            var hits = await cli.RunAsync("similar", photo, "--model", model, "-k", "1", "--json");
            Assert.True(hits.ExitCode == 0, hits.Stderr);
            Assert.Equal(photo, hits.Json[0].GetProperty("path").GetString());
            Assert.True(hits.Json[0].GetProperty("score").GetDouble() > 0.999);
        }

        var again = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.Equal(0, again.Json[0].GetProperty("embedded").GetInt64());
    }

    public void Dispose() => temp.Dispose();
}
