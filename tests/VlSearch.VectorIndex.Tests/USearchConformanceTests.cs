using VlSearch.Core;
using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Conformance of the embedded index; subclasses pick the search path.</summary>
public abstract class USearchConformanceTests : VectorIndexConformanceTests
{
    /// <summary>
    /// An expansion above the test collections' size: the graph walk (filtered or not) then visits every node it
    /// can reach, so graph answers equal brute force and a difference points at the mapping rather than at
    /// approximation. The recall of the default expansion is what the benchmark measures.
    /// </summary>
    protected const int ExhaustiveExpansion = 2048;

    private readonly TempDirectory _folder = new();

    protected abstract USearchOptions Options { get; }

    protected override Task<IVectorIndex> CreateIndexAsync() =>
        Task.FromResult<IVectorIndex>(new USearchVectorIndex(_folder.Path, Options));

    protected override async Task<IVectorIndex> ReopenAsync(IVectorIndex index)
    {
        await index.DisposeAsync();
        return new USearchVectorIndex(_folder.Path, Options);
    }

    protected override Task<IVectorIndex> OpenAnotherClientAsync() =>
        Task.FromResult<IVectorIndex>(new USearchVectorIndex(_folder.Path, Options));

    protected override Task DisposeStorageAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
