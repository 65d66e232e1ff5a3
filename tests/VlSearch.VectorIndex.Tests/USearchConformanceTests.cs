using VlSearch.Core;
using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Conformance of the embedded index; subclasses pick the search path.</summary>
public abstract class USearchConformanceTests : VectorIndexConformanceTests
{
    private readonly TempDirectory _folder = new();

    protected abstract USearchOptions Options { get; }

    protected override Task<IVectorIndex> CreateIndexAsync() =>
        Task.FromResult<IVectorIndex>(new USearchVectorIndex(_folder.Path, Options));

    protected override async Task<IVectorIndex> ReopenAsync(IVectorIndex index)
    {
        await index.DisposeAsync();
        return new USearchVectorIndex(_folder.Path, Options);
    }

    protected override Task DisposeStorageAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
