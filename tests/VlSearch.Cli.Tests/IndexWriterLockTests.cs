using VlSearch.USearch;

namespace VlSearch.Cli.Tests;

/// <summary>Two processes never write one embedded index at once; the refused one says who holds it.</summary>
public sealed class IndexWriterLockTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Indexing_while_another_process_writes_the_embedded_index_fails_with_a_message_naming_that_process()
    {
        var model = RandomClipModel.Write(temp.Sub("model"), name: "lock-clip", seed: 13);
        var library = temp.Sub("library");
        TestImages.WriteLibrary(library, 3);
        var cli = new CliRunner(temp.Sub("data"));
        var first = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(first.ExitCode == 0, first.Stderr);

        // This test process becomes the writer: a deletion not yet flushed holds the collection's lock.
        await using (var holder = new USearchVectorIndex(Path.Combine(cli.DataDirectory, "index")))
        {
            var collection = Assert.Single(holder.ListCollections());
            long present = 0;
            for (var id = 1L; id <= 10 && present == 0; id++)
            {
                present = await holder.GetAsync(collection, id) is null ? 0 : id;
            }

            Assert.NotEqual(0, present);
            await holder.DeleteAsync(collection, [present]);
            TestImages.WritePng(Path.Combine(library, "new.png"), seed: 99);

            var second = await cli.RunAsync("index", library, "--model", model);

            Assert.NotEqual(0, second.ExitCode);
            Assert.Contains($"process {Environment.ProcessId} ", second.Stderr + second.Stdout, StringComparison.Ordinal);
            Assert.Contains("writer.lock", second.Stderr + second.Stdout, StringComparison.Ordinal);
        }

        // Once the writer is done, the same command goes through and finds what the other one committed.
        var third = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(third.ExitCode == 0, third.Stderr);
    }

    public void Dispose() => temp.Dispose();
}
