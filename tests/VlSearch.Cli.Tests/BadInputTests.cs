using System.Buffers.Binary;
using System.Text;

namespace VlSearch.Cli.Tests;

public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task A_folder_of_broken_files_is_indexed_around_them_and_every_failure_is_reported_with_its_reason()
    {
        var model = RandomClipModel.Write(temp.Sub("model"));
        var library = temp.Sub("library");
        var good = Enumerable.Range(0, 20).Select(i => TestImages.WriteJpeg(Path.Combine(library, $"good-{i}.jpg"), 1000 + i, 256)).ToList();

        var full = File.ReadAllBytes(good[0]);
        var truncated = Path.Combine(library, "truncated.jpg");
        File.WriteAllBytes(truncated, full[..(full.Length / 3)]);
        var headerOnly = Path.Combine(library, "header-only.jpg");
        File.WriteAllBytes(headerOnly, full[..200]);
        var empty = Path.Combine(library, "empty.jpg");
        File.WriteAllBytes(empty, []);
        var text = Path.Combine(library, "notes.jpg");
        File.WriteAllText(text, "this is not a picture\n");
        var huge = Path.Combine(library, "huge.png");
        File.WriteAllBytes(huge, PngClaiming(30000, 30000));

        var cli = new CliRunner(temp.Sub("data"));
        var run = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(run.PeakMemoryBytes < 1L << 30, $"peak memory {run.PeakMemoryBytes / (1 << 20)} MiB");

        var status = await cli.RunAsync("status", "--json");
        var failed = status.Json.GetProperty("failed").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("reason").GetString()!);
        foreach (var bad in new[] { headerOnly, empty, text, huge })
        {
            Assert.True(failed.ContainsKey(bad), $"{Path.GetFileName(bad)} is not reported; reported: {string.Join(", ", failed.Keys.Select(Path.GetFileName))}");
            Assert.False(string.IsNullOrWhiteSpace(failed[bad]));
        }

        // A truncated JPEG either decodes partially (and is indexed) or is reported: it is never silently lost.
        var photos = status.Json.GetProperty("photos").GetInt64();
        Assert.Equal(20 + (failed.ContainsKey(truncated) ? 0 : 1), photos);
        Assert.Contains("30000", failed[huge], StringComparison.Ordinal);

        foreach (var file in good.Take(3))
        {
            var hits = await cli.RunAsync("similar", file, "--model", model, "-k", "1", "--json");
            Assert.Equal(file, hits.Json[0].GetProperty("path").GetString());
        }

        // Known-bad files are not retried until they change.
        var again = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.Equal(0, again.Json[0].GetProperty("failed").GetInt64());
        Assert.True(again.Json[0].GetProperty("skippedKnownBad").GetInt64() >= 4);
    }

    [Fact]
    public async Task An_empty_query_fails_with_one_line_and_a_usage_exit_code()
    {
        var cli = new CliRunner(temp.Sub("data"));
        var model = RandomClipModel.Write(temp.Sub("model"));
        var result = await cli.RunAsync("search", "   ", "--model", model);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("query is empty", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_fails_with_one_line_that_names_it()
    {
        var cli = new CliRunner(temp.Sub("data"));
        var result = await cli.RunAsync("search", "a cat", "--model", "no-such-model");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("no-such-model", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Indexing_a_missing_folder_fails_with_one_line()
    {
        var cli = new CliRunner(temp.Sub("data"));
        var result = await cli.RunAsync("index", Path.Combine(temp.Path, "nowhere"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("nowhere", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_configuration_is_reported_before_any_work()
    {
        var data = temp.Sub("data");
        File.WriteAllText(Path.Combine(data, "vlsearch.json"), """{ "VectorIndex": { "Provider": "elastic" } }""");
        var result = await new CliRunner(data).RunAsync("status");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("VectorIndex:Provider", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A valid PNG signature and IHDR chunk that claim a huge image, followed by nothing.</summary>
    private static byte[] PngClaiming(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var chunk = new byte[4 + 13];
        Encoding.ASCII.GetBytes("IHDR").CopyTo(chunk, 0);
        BinaryPrimitives.WriteInt32BigEndian(chunk.AsSpan(4), width);
        BinaryPrimitives.WriteInt32BigEndian(chunk.AsSpan(8), height);
        chunk[12] = 8; // bit depth
        chunk[13] = 2; // colour type: RGB
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, 13);
        stream.Write(length);
        stream.Write(chunk);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, System.IO.Hashing.Crc32.HashToUInt32(chunk));
        stream.Write(crc);
        return stream.ToArray();
    }

    public void Dispose() => temp.Dispose();
}
