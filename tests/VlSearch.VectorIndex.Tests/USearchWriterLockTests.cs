using VlSearch.Core;
using VlSearch.Testing;
using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>One writer per embedded collection; readers see committed generations and never disturb a writer.</summary>
public sealed class USearchWriterLockTests : IDisposable
{
    private const int Dimension = 16;
    private static readonly CollectionSpec Spec = new("lock-model", Dimension);
    private readonly TempDirectory _folder = new();
    private readonly TestData _data = new(150, Dimension);

    private string CollectionFolder => Path.Combine(_folder.Path, Spec.Name);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_second_writer_is_refused_with_an_error_naming_the_holder_until_the_first_commits()
    {
        await using var first = await SavedIndexAsync(50);
        await using var second = new USearchVectorIndex(_folder.Path);
        Assert.Equal(50, await second.CountAsync(Spec.Name));

        await first.UpsertAsync(Spec.Name, _data.Records[50..100]);
        var refused = await Assert.ThrowsAsync<VectorIndexException>(() => second.UpsertAsync(Spec.Name, _data.Records[100..]));

        Assert.Contains($"process {Environment.ProcessId} ", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Environment.MachineName, refused.Message, StringComparison.Ordinal);
        Assert.Contains($"process {Environment.ProcessId} ", await File.ReadAllTextAsync(Path.Combine(CollectionFolder, "writer.owner")), StringComparison.Ordinal);
        await Assert.ThrowsAsync<VectorIndexException>(() => second.DropCollectionAsync(Spec.Name));

        await first.FlushAsync();
        await second.UpsertAsync(Spec.Name, _data.Records[100..]);
        await second.FlushAsync();

        // The second writer started from the first one's commit, so no vector of either is lost.
        await using var reopened = new USearchVectorIndex(_folder.Path);
        Assert.Equal(150, await reopened.CountAsync(Spec.Name));
    }

    [Fact]
    public async Task A_reader_in_another_instance_sees_vectors_another_writer_committed_after_a_reload()
    {
        await using var writer = await SavedIndexAsync(50);
        await using var reader = new USearchVectorIndex(_folder.Path);
        Assert.Equal(50, await reader.CountAsync(Spec.Name));

        await writer.UpsertAsync(Spec.Name, _data.Records[50..]);
        Assert.Equal(50, await reader.CountAsync(Spec.Name));
        await writer.FlushAsync();

        var deadline = DateTime.UtcNow + Poll.DefaultTimeout;
        while (await reader.CountAsync(Spec.Name) != 150)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reader never saw the commit");
            await Task.Delay(20);
        }

        var health = await reader.VerifyAsync(Spec.Name);
        Assert.True(health.LoadedCleanly);
        Assert.False(health.NeedsRebuild);
        var query = _data.Query(4);
        var hits = await reader.SearchAsync(Spec.Name, new VectorSearchRequest(query, 5));
        Assert.Equal(_data.BruteForce(query, 5).Select(e => e.Id), hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Opening_a_reader_while_a_writer_is_saving_leaves_the_writers_files_alone()
    {
        await using var writer = await SavedIndexAsync(50);
        await writer.UpsertAsync(Spec.Name, _data.Records[50..]);
        var saving = Path.Combine(CollectionFolder, "vectors.7.usearch.tmp");
        await File.WriteAllBytesAsync(saving, new byte[64]);

        await using (var reader = new USearchVectorIndex(_folder.Path))
        {
            Assert.Equal(50, await reader.CountAsync(Spec.Name));
            await reader.FlushAsync();
        }

        Assert.True(File.Exists(saving));
        File.Delete(saving);
        await writer.FlushAsync();
        await using var reopened = new USearchVectorIndex(_folder.Path);
        Assert.Equal(150, await reopened.CountAsync(Spec.Name));
    }

    [Fact]
    public async Task Searching_and_counting_never_take_the_writer_lock()
    {
        await (await SavedIndexAsync(50)).DisposeAsync();
        await using var reader = new USearchVectorIndex(_folder.Path);
        await reader.SearchAsync(Spec.Name, new VectorSearchRequest(_data.Query(1), 3));
        await reader.CountAsync(Spec.Name);
        await reader.VerifyAllAsync();

        await using var writer = new USearchVectorIndex(_folder.Path);
        await writer.UpsertAsync(Spec.Name, _data.Records[50..]);

        Assert.True(File.Exists(Path.Combine(CollectionFolder, "writer.owner")));
        await writer.FlushAsync();
        Assert.False(File.Exists(Path.Combine(CollectionFolder, "writer.owner")));
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
