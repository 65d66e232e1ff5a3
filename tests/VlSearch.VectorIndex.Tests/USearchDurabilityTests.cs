using VlSearch.Core;
using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Crash safety and health reporting of the embedded index's files.</summary>
public sealed class USearchDurabilityTests : IDisposable
{
    private const int Dimension = 16;
    private static readonly CollectionSpec Spec = new("durability-model", Dimension);
    private readonly TempDirectory _folder = new();
    private readonly TestData _data = new(150, Dimension);

    private string CollectionFolder => Path.Combine(_folder.Path, Spec.Name);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_save_interrupted_before_its_commit_leaves_the_last_saved_state()
    {
        var first = await SavedIndexAsync(100);

        // Writes after the last flush, then the process dies mid-save: half-written temporaries, no new manifest.
        await first.UpsertAsync(Spec.Name, _data.Records[100..]);
        await File.WriteAllBytesAsync(Path.Combine(CollectionFolder, "vectors.99.usearch.tmp"), new byte[1234]);
        await File.WriteAllTextAsync(Path.Combine(CollectionFolder, "payloads.99.bin.tmp"), "VLSPAY01 partial");
        await File.WriteAllTextAsync(Path.Combine(CollectionFolder, "manifest.json.tmp"), "{ \"Format\": 1, ");
        File.Copy(Directory.GetFiles(CollectionFolder, "vectors.*.usearch").Single(), Path.Combine(CollectionFolder, "vectors.99.usearch"));

        // The process dies: the OS drops its writer lock with it, so the next opener may tidy up.
        first.Collection(Spec.Name)!.Dispose();

        await using var reopened = new USearchVectorIndex(_folder.Path);
        var health = await reopened.VerifyAsync(Spec.Name);

        Assert.True(health.LoadedCleanly);
        Assert.False(health.NeedsRebuild);
        Assert.Equal(100, await reopened.CountAsync(Spec.Name));
        Assert.Null(await reopened.GetAsync(Spec.Name, _data.Records[120].Id));
        var query = _data.Query(1);
        var hits = await reopened.SearchAsync(Spec.Name, new VectorSearchRequest(query, 5));
        Assert.Equal(_data.BruteForce(query, 5, records: _data.Records[..100]).Select(e => e.Id), hits.Select(h => h.Id));
        Assert.Empty(Directory.GetFiles(CollectionFolder, "*.tmp"));
        Assert.False(File.Exists(Path.Combine(CollectionFolder, "vectors.99.usearch")));
        GC.KeepAlive(first);
    }

    [Fact]
    public async Task A_truncated_vector_file_is_reported_as_needing_a_rebuild()
    {
        await (await SavedIndexAsync(100)).DisposeAsync();
        var vectors = Directory.GetFiles(CollectionFolder, "vectors.*.usearch").Single();
        await using (var stream = new FileStream(vectors, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        await using var reopened = new USearchVectorIndex(_folder.Path);
        var raised = new List<CollectionHealth>();
        reopened.RebuildNeeded += (_, e) => raised.Add(e.Health);
        var health = await reopened.VerifyAsync(Spec.Name);

        Assert.True(health.NeedsRebuild);
        Assert.False(health.LoadedCleanly);
        Assert.Contains("bytes", health.Problem);
        Assert.Equal(Dimension, health.Dimension);
        Assert.Equal(health, Assert.Single(raised));
        Assert.Equal(0, await reopened.CountAsync(Spec.Name));
    }

    [Fact]
    public async Task A_damaged_collection_stays_flagged_until_it_is_dropped_and_rebuilt()
    {
        await (await SavedIndexAsync(100)).DisposeAsync();
        File.Delete(Directory.GetFiles(CollectionFolder, "payloads.*.bin").Single());

        await using (var damaged = new USearchVectorIndex(_folder.Path))
        {
            Assert.True((await damaged.VerifyAsync(Spec.Name)).NeedsRebuild);

            // A partial re-import and flush must not make the collection look complete after a restart.
            await damaged.UpsertAsync(Spec.Name, _data.Records[..10]);
            await damaged.FlushAsync();
        }

        await using (var restarted = new USearchVectorIndex(_folder.Path))
        {
            var health = await restarted.VerifyAsync(Spec.Name);
            Assert.True(health.NeedsRebuild);
            Assert.True(health.LoadedCleanly);
            Assert.Equal(10, health.PayloadCount);

            await restarted.DropCollectionAsync(Spec.Name);
            await restarted.EnsureCollectionAsync(Spec);
            await restarted.UpsertAsync(Spec.Name, _data.Records[..100]);
            await restarted.FlushAsync();
        }

        await using var rebuilt = new USearchVectorIndex(_folder.Path);
        var final = await rebuilt.VerifyAsync(Spec.Name);
        Assert.False(final.NeedsRebuild);
        Assert.Equal(100, final.VectorCount);
        Assert.Equal(100, final.PayloadCount);
    }

    [Fact]
    public async Task An_unreadable_manifest_needs_a_rebuild_and_takes_the_spec_from_ensure()
    {
        await (await SavedIndexAsync(20)).DisposeAsync();
        await File.WriteAllTextAsync(Path.Combine(CollectionFolder, "manifest.json"), "garbage");

        await using var reopened = new USearchVectorIndex(_folder.Path);
        var all = await reopened.VerifyAllAsync();
        var health = Assert.Single(all);
        Assert.True(health.NeedsRebuild);
        Assert.Null(health.Dimension);
        await Assert.ThrowsAsync<VectorIndexException>(() => reopened.UpsertAsync(Spec.Name, _data.Records[..1]));

        await reopened.EnsureCollectionAsync(Spec);
        await reopened.UpsertAsync(Spec.Name, _data.Records[..5]);
        Assert.Equal(5, await reopened.CountAsync(Spec.Name));
        Assert.True((await reopened.VerifyAsync(Spec.Name)).NeedsRebuild);
    }

    [Fact]
    public async Task Rescoring_copies_of_an_8_bit_collection_are_saved_checked_and_reloaded()
    {
        var options = new USearchOptions { Quantization = USearchQuantization.I8, ExactSearchBelow = 0 };
        await using (var index = new USearchVectorIndex(_folder.Path, options))
        {
            await index.EnsureCollectionAsync(Spec);
            await index.UpsertAsync(Spec.Name, _data.Records);
            await index.FlushAsync();
            Assert.True(index.Collection(Spec.Name)!.Rescores);
        }

        await using (var reopened = new USearchVectorIndex(_folder.Path, options))
        {
            Assert.True(reopened.Collection(Spec.Name)!.Rescores);
            var query = _data.Query(9);
            var hits = await reopened.SearchAsync(Spec.Name, new VectorSearchRequest(query, 10));
            var expected = _data.BruteForce(query, 10);
            Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.Id));
            Assert.All(hits.Zip(expected), p => Assert.Equal(p.Second.Score, p.First.Score, 2e-3f));
        }

        var rescore = Directory.GetFiles(CollectionFolder, "rescore.*.f16").Single();
        await using (var stream = new FileStream(rescore, FileMode.Open))
        {
            stream.SetLength(stream.Length - 2);
        }

        await using var damaged = new USearchVectorIndex(_folder.Path, options);
        var health = await damaged.VerifyAsync(Spec.Name);
        Assert.True(health.NeedsRebuild);
        Assert.Contains("rescore", health.Problem);
    }

    [Fact]
    public async Task Rescoring_copies_follow_overwrites_and_deletes_across_flushes()
    {
        var options = new USearchOptions { Quantization = USearchQuantization.I8, ExactSearchBelow = 0 };
        var replaced = new TestData(10, Dimension, seed: 99).Records
            .Select((r, i) => r with { Id = _data.Records[i].Id })
            .ToArray();
        var deleted = _data.Records[10..15].Select(r => r.Id).ToList();
        await using (var index = new USearchVectorIndex(_folder.Path, options))
        {
            await index.EnsureCollectionAsync(Spec);
            await index.UpsertAsync(Spec.Name, _data.Records[..100]);
            await index.FlushAsync();
            await index.UpsertAsync(Spec.Name, replaced);
            await index.DeleteAsync(Spec.Name, deleted);
            await index.UpsertAsync(Spec.Name, _data.Records[100..]);
            await index.FlushAsync();
        }

        await using var reopened = new USearchVectorIndex(_folder.Path, options);
        var current = replaced.Concat(_data.Records[15..]).ToList();
        Assert.Equal(current.Count, await reopened.CountAsync(Spec.Name));
        foreach (var record in replaced)
        {
            var stored = await reopened.GetAsync(Spec.Name, record.Id);
            Assert.True(VectorMath.Cosine(record.Vector, stored!.Vector) > 0.999f);
        }

        foreach (var id in deleted)
        {
            Assert.Null(await reopened.GetAsync(Spec.Name, id));
        }

        var query = replaced[3].Vector;
        var hits = await reopened.SearchAsync(Spec.Name, new VectorSearchRequest(query, 10));
        Assert.Equal(_data.BruteForce(query, 10, records: current).Select(e => e.Id), hits.Select(h => h.Id));
    }

    [Fact]
    public async Task A_missing_collection_reports_that_it_does_not_exist()
    {
        await using var index = new USearchVectorIndex(_folder.Path);
        var health = await index.VerifyAsync("vlsearch_nothing_here");
        Assert.False(health.Exists);
        Assert.False(health.NeedsRebuild);
        await Assert.ThrowsAsync<VectorIndexException>(() => index.SearchAsync("vlsearch_nothing_here", new VectorSearchRequest(new float[Dimension], 3)));
        await Assert.ThrowsAsync<VectorIndexException>(() => index.CountAsync("../escape"));
    }

    [Fact]
    public async Task Many_deletions_compact_the_graph_at_the_next_flush()
    {
        var options = new USearchOptions { ExactSearchBelow = 0, CompactionDeletedFraction = 0.25 };
        var data = new TestData(600, Dimension);
        await using (var index = new USearchVectorIndex(_folder.Path, options))
        {
            await index.EnsureCollectionAsync(Spec);
            await index.UpsertAsync(Spec.Name, data.Records);
            await index.DeleteAsync(Spec.Name, data.Records[..300].Select(r => r.Id).ToList());
            await index.FlushAsync();

            Assert.Equal(1, index.Collection(Spec.Name)!.Compactions);
            Assert.Equal(300, (await index.VerifyAsync(Spec.Name)).VectorCount);
        }

        await using var reopened = new USearchVectorIndex(_folder.Path, options);
        var query = data.Query(3);
        var hits = await reopened.SearchAsync(Spec.Name, new VectorSearchRequest(query, 10));
        Assert.Equal(data.BruteForce(query, 10, records: data.Records[300..]).Select(e => e.Id), hits.Select(h => h.Id));
    }

    [Theory]
    [InlineData(USearchQuantization.F32)]
    [InlineData(USearchQuantization.F16)]
    [InlineData(USearchQuantization.I8)]
    public async Task Upserting_the_same_vectors_with_new_payloads_changes_only_the_payloads_and_leaves_no_deleted_entries(USearchQuantization quantization)
    {
        var options = new USearchOptions { Quantization = quantization, ExactSearchBelow = 0 };
        var retagged = _data.Records.Select(r => r with { Payload = r.Payload with { Tags = ["retagged", $"n{r.Id % 3}"] } }).ToList();
        var moved = _data.Records[7] with { Vector = _data.Query(99), Payload = retagged[7].Payload };
        await using (var index = new USearchVectorIndex(_folder.Path, options))
        {
            await index.EnsureCollectionAsync(Spec);
            await index.UpsertAsync(Spec.Name, _data.Records);
            await index.FlushAsync();
            await index.UpsertAsync(Spec.Name, retagged);

            var collection = index.Collection(Spec.Name)!;
            Assert.Equal(0, collection.DeletedSinceBuild);
            Assert.Equal(_data.Records.Length, await index.CountAsync(Spec.Name));
            var filter = new PhotoFilter { Tags = ["n1"] };
            var query = _data.Query(2);
            var hits = await index.SearchAsync(Spec.Name, new VectorSearchRequest(query, 10) { Filter = filter });
            Assert.Equal(10, hits.Count);
            Assert.All(hits, h => Assert.Equal(1, h.Id % 3));

            // A vector that did change is still replaced, as before.
            await index.UpsertAsync(Spec.Name, [moved]);
            Assert.Equal(1, collection.DeletedSinceBuild);
            Assert.Equal(moved.Id, (await index.SearchAsync(Spec.Name, new VectorSearchRequest(moved.Vector, 1))).Single().Id);
            await index.FlushAsync();
        }

        await using var reopened = new USearchVectorIndex(_folder.Path, options);
        Assert.Equal(["retagged", "n0"], (await reopened.GetAsync(Spec.Name, _data.Records[2].Id))!.Payload.Tags);
        Assert.Equal(moved.Id, (await reopened.SearchAsync(Spec.Name, new VectorSearchRequest(moved.Vector, 1))).Single().Id);
    }

    [Theory]
    [InlineData(USearchQuantization.F16)]
    [InlineData(USearchQuantization.I8)]
    public async Task Searches_run_in_parallel_with_a_writer_and_flushes(USearchQuantization quantization)
    {
        var options = new USearchOptions { Quantization = quantization, ExactSearchBelow = 0, Threads = 2 };
        var data = new TestData(2000, Dimension);
        await using var index = new USearchVectorIndex(_folder.Path, options);
        await index.EnsureCollectionAsync(Spec);
        await index.UpsertAsync(Spec.Name, data.Records[..500]);

        using var done = new CancellationTokenSource();
        using var started = new CountdownEvent(4);
        var searchers = Enumerable.Range(0, 4).Select(s => Task.Run(async () =>
        {
            var searches = 0;
            do
            {
                var hits = await index.SearchAsync(Spec.Name, new VectorSearchRequest(data.Query(s * 1000 + searches), 10));
                Assert.Equal(10, hits.Count);
                Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
                if (searches++ == 0)
                {
                    started.Signal();
                }
            }
            while (!done.IsCancellationRequested);

            return searches;
        })).ToArray();

        // Writing starts once every searcher is running, so reads and writes really overlap.
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        for (var start = 500; start < 2000; start += 100)
        {
            await Task.Run(() => index.UpsertAsync(Spec.Name, data.Records[start..(start + 100)]));
            if (start % 500 == 0)
            {
                await Task.Run(() => index.FlushAsync());
            }
        }

        await done.CancelAsync();
        var counts = await Task.WhenAll(searchers);
        Assert.All(counts, c => Assert.True(c > 0));
        Assert.Equal(2000, await index.CountAsync(Spec.Name));
    }

    private async Task<USearchVectorIndex> SavedIndexAsync(int count)
    {
        var index = new USearchVectorIndex(_folder.Path);
        await index.EnsureCollectionAsync(Spec);
        await index.UpsertAsync(Spec.Name, _data.Records[..count]);
        await index.FlushAsync();
        return index;
    }
}
