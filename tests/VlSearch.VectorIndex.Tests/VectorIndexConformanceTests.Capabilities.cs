using VlSearch.Core;

namespace VlSearch.VectorIndex.Tests;

/// <summary>What each index claims in <see cref="IVectorIndex.Capabilities"/>, checked against what it does.</summary>
public abstract partial class VectorIndexConformanceTests
{
    [ConformanceFact]
    public void Capabilities_claim_one_storage_model_and_writes()
    {
        var capabilities = Index.Capabilities;

        Assert.True(capabilities.HasFlag(VectorIndexCapabilities.Writable), "every index under test accepts writes");
        Assert.True(
            capabilities.HasFlag(VectorIndexCapabilities.EmbeddedOnLocalDisk) ^ capabilities.HasFlag(VectorIndexCapabilities.SharedAcrossProcesses),
            $"an index is either embedded or shared, not {capabilities}");
        if (capabilities.HasFlag(VectorIndexCapabilities.EmbeddedOnLocalDisk))
        {
            Assert.False(capabilities.HasFlag(VectorIndexCapabilities.ServerSideFiltering), "an embedded index has no server");
        }
    }

    [ConformanceFact]
    public async Task A_shared_index_shows_writes_to_another_client_at_once()
    {
        var (collection, data) = await SeedAsync(count: 40);
        var other = await OpenAnotherClientAsync();
        try
        {
            var seen = await other.CountAsync(collection);
            if (Index.Capabilities.HasFlag(VectorIndexCapabilities.SharedAcrossProcesses))
            {
                Assert.Equal(40, seen);
                await other.DeleteAsync(collection, [data.Records[0].Id]);
                Assert.Equal(39, await Index.CountAsync(collection));
            }
            else
            {
                // Unflushed writes of an embedded index live in the owning process only.
                Assert.Equal(0, seen);
            }
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [ConformanceFact]
    public async Task An_embedded_index_keeps_flushed_writes_in_its_local_files()
    {
        var (collection, data) = await SeedAsync(count: 40);
        await Index.FlushAsync();
        if (!Index.Capabilities.HasFlag(VectorIndexCapabilities.EmbeddedOnLocalDisk))
        {
            return;
        }

        // The owner is closed first: only one process may open the files.
        await Index.DisposeAsync();
        var other = await OpenAnotherClientAsync();
        try
        {
            Assert.Equal(40, await other.CountAsync(collection));
            Assert.NotNull(await other.GetAsync(collection, data.Records[7].Id));
        }
        finally
        {
            _index = await ReopenAsync(other);
        }
    }
}
