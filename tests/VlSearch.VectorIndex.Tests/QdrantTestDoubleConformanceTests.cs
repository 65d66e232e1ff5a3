using VlSearch.Core;
using VlSearch.Qdrant;

namespace VlSearch.VectorIndex.Tests;

/// <summary>The Qdrant adapter against the in-process <see cref="QdrantTestDouble"/>; always runs.</summary>
public sealed class QdrantTestDoubleConformanceTests : VectorIndexConformanceTests
{
    private QdrantTestDoubleHost? _host;

    protected override async Task<IVectorIndex> CreateIndexAsync()
    {
        _host = await QdrantTestDoubleHost.StartAsync();
        return new QdrantVectorIndex(new QdrantOptions { Url = _host.Url, BatchSize = 128 });
    }

    protected override async Task<IVectorIndex> ReopenAsync(IVectorIndex index)
    {
        await index.DisposeAsync();
        return new QdrantVectorIndex(new QdrantOptions { Url = _host!.Url });
    }

    protected override Task<IVectorIndex> OpenAnotherClientAsync() =>
        Task.FromResult<IVectorIndex>(new QdrantVectorIndex(new QdrantOptions { Url = _host!.Url }));

    protected override async Task DisposeStorageAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
