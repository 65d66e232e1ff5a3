using VlSearch.Core;
using VlSearch.Qdrant;

namespace VlSearch.VectorIndex.Tests;

/// <summary>The Qdrant adapter against a real server named by <c>VLSEARCH_QDRANT_URL</c> (gRPC port, e.g. http://localhost:6334).</summary>
[RequiresEnvironment(UrlVariable)]
public sealed class QdrantServerConformanceTests : VectorIndexConformanceTests
{
    private const string UrlVariable = "VLSEARCH_QDRANT_URL";

    private static QdrantOptions Options => new()
    {
        Url = Environment.GetEnvironmentVariable(UrlVariable)!,
        ApiKey = Environment.GetEnvironmentVariable("VLSEARCH_QDRANT_API_KEY"),
    };

    protected override Task<IVectorIndex> CreateIndexAsync() => Task.FromResult<IVectorIndex>(new QdrantVectorIndex(Options));

    protected override async Task<IVectorIndex> ReopenAsync(IVectorIndex index)
    {
        await index.DisposeAsync();
        return new QdrantVectorIndex(Options);
    }

    protected override Task<IVectorIndex> OpenAnotherClientAsync() => Task.FromResult<IVectorIndex>(new QdrantVectorIndex(Options));
}
