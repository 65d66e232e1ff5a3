using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

/// <summary>One app for the API tests, with a library of synthetic images indexed through the admin API.</summary>
public sealed class IndexedAppFixture : IAsyncLifetime
{
    public const int PhotoCount = 40;

    public VlSearchWebFactory Factory { get; } = new();

    public SyntheticLibrary Library { get; private set; } = default!;

    public JobInfo IndexJob { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Library = new SyntheticLibrary(Path.Combine(Factory.TempRoot, "photos"), PhotoCount);
        IndexJob = await Factory.AddLibraryAndWaitAsync(Library.Folder);
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class IndexedAppCollection : ICollectionFixture<IndexedAppFixture>
{
    public const string Name = "indexed app";
}
