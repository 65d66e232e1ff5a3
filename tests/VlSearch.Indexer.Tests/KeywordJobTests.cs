using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Jobs;
using VlSearch.Search;
using VlSearch.Testing;

namespace VlSearch.Indexer.Tests;

/// <summary>The <c>keywords</c> job rebuilds the keyword index from the catalog, without embedding.</summary>
public sealed class KeywordJobTests
{
    [Fact]
    public async Task The_keywords_job_restores_a_dropped_keyword_index()
    {
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false" });
        var library = app.Temp.Sub("library");
        var files = TestImages.WriteLibrary(library, 12);
        var scan = (await app.Jobs.AddLibraryAsync(library))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(scan.Id, TimeSpan.FromMinutes(1))).State);
        var search = new KeywordSearch(app.Catalog);
        var name = Path.GetFileName(files[7]);
        Assert.Equal(files[7], (await search.SearchTextAsync(name, 5))[0].Path);

        await using (var db = await app.Catalog.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"PhotoKeywords\"");
        }

        var job = Assert.Single(await app.Jobs.StartAsync(IndexJobKinds.Keywords));
        Assert.Null(job.Model);
        var done = await app.WaitForEndAsync(job.Id, TimeSpan.FromMinutes(1));

        Assert.Equal(IndexJobStates.Succeeded, done.State);
        Assert.Equal(12, done.Done);
        Assert.Equal(files[7], (await search.SearchTextAsync(name, 5))[0].Path);
    }
}
