using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Catalog;
using VlSearch.Hosting;
using VlSearch.Indexing;
using VlSearch.Testing.OpenAi;

namespace VlSearch.Cli.Tests;

/// <summary>
/// <c>vlsearch captions</c> over 1,000 tiny photos against the double, killed with SIGKILL part way and run again.
/// </summary>
public sealed partial class CaptionsKillTests : IAsyncLifetime
{
    private const int PhotoCount = 1000;
    private const int Concurrency = 4;
    private const int KillAfterRequests = 300;
    private readonly TempFolder temp = new();
    private OpenAiCompatibleServerDouble server = null!;

    [GeneratedRegex(@"Photo id (\d+):")]
    private static partial Regex PhotoLabel();

    private static long PhotoOf(RecordedRequest request) => long.Parse(PhotoLabel().Match(request.UserText).Groups[1].Value, CultureInfo.InvariantCulture);

    public async Task InitializeAsync() => server = await OpenAiCompatibleServerDouble.StartAsync();

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        temp.Dispose();
    }

    /// <remarks>
    /// The rule for "never asked twice": a photo whose caption or failure the catalog holds after the kill is never
    /// asked about again. The only photos the first run asked about that the second run may ask again are those
    /// neither captioned nor recorded as failed at the kill — the requests in flight then, so at most
    /// <see cref="Concurrency"/> of them, since each photo is recorded as soon as its reply is in.
    /// </remarks>
    [Fact]
    public async Task Captioning_a_thousand_photos_keeps_its_concurrency_resumes_after_kill_minus_9_without_asking_twice_and_records_failures()
    {
        var data = temp.Sub("data");
        var ids = await CatalogAsync(data);
        var bad = ids.Where((_, i) => i % 100 == 7).ToHashSet();
        server.HoldUntilInFlight = Concurrency;
        server.HoldTimeout = TimeSpan.FromMilliseconds(200);
        server.FaultFor = r => bad.Contains(PhotoOf(r)) ? DoubleFault.MalformedJson : DoubleFault.None;
        server.Answer = r => $"A test caption of photo {PhotoOf(r)}.";
        var cli = Cli(data);

        using (var first = cli.StartWatched("captions"))
        {
            await Poll.UntilAsync(() => server.ChatRequests.Count >= KillAfterRequests || first.HasExited, $"{KillAfterRequests} caption requests");
            Assert.False(first.HasExited, "the first run ended before the kill: " + string.Join('\n', first.StderrLines));
            first.Process.Kill(entireProcessTree: true);
            await first.Process.WaitForExitAsync();
        }

        var firstRun = server.ChatRequests.Select(PhotoOf).ToHashSet();
        var (finished, failed) = await SettledAsync(data);
        Assert.InRange(finished.Count, KillAfterRequests / 2, PhotoCount - 1);
        var inFlight = firstRun.Where(id => !finished.Contains(id) && !failed.ContainsKey(id)).ToList();
        Assert.InRange(inFlight.Count, 0, Concurrency);

        var before = server.ChatRequests.Count;
        var second = await cli.RunAsync("captions");

        Assert.True(second.ExitCode == 0, second.Stderr);
        var secondRun = server.ChatRequests.Skip(before).Select(PhotoOf).ToHashSet();
        Assert.DoesNotContain(secondRun, finished.Contains);
        Assert.True(!secondRun.Any(failed.ContainsKey), string.Join("; ", secondRun.Where(failed.ContainsKey).Select(id => $"{id}: {failed[id]}")));
        Assert.Equal(ids.Except(finished).Except(failed.Keys).Order(), secondRun.Order());
        Assert.Equal(Concurrency, server.MaxInFlight);
        Assert.Empty(server.Rejections);

        var (captioned, failures) = await SettledAsync(data);
        Assert.Equal(ids.Where(id => !bad.Contains(id)).Order(), captioned.Order());
        Assert.Equal(bad.Order(), failures.Keys.Order());
        Assert.All(failures.Values, reason => Assert.Contains("BadReply after 2 attempts", reason, StringComparison.Ordinal));
    }

    private CliRunner Cli(string data)
    {
        var cli = new CliRunner(data);
        cli.Environment["VLSEARCH_Models__Active"] = "vlsearch-tiny";
        cli.Environment["VLSEARCH_Answers__Captioning__Enabled"] = "true";
        cli.Environment["VLSEARCH_Answers__Captioning__Endpoint"] = server.BaseUri.ToString();
        cli.Environment["VLSEARCH_Answers__Captioning__Model"] = "captioner-cli";
        cli.Environment["VLSEARCH_Answers__Captioning__Concurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture);
        cli.Environment["VLSEARCH_Answers__Captioning__MaxAttempts"] = "2";
        cli.Environment["VLSEARCH_Answers__Captioning__RetryDelay"] = "00:00:00.010";
        cli.Environment["VLSEARCH_Answers__Captioning__RequestsPerMinute"] = "100000";
        return cli;
    }

    /// <summary>A catalog of tiny photos, written directly: captioning needs catalogued photos, not their vectors.</summary>
    private async Task<List<long>> CatalogAsync(string data)
    {
        var folder = temp.Sub("photos");
        var paths = TestImages.WriteLibrary(folder, PhotoCount);
        using var host = VlSearchHost.CreateBuilder(data, new Dictionary<string, string?> { ["Indexer:Watch"] = "false" }).Build();
        await host.StartAsync();
        try
        {
            var catalog = host.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
            await using var db = await catalog.CreateDbContextAsync();
            var library = new Library { Name = "photos", RootPath = folder };
            db.Libraries.Add(library);
            await db.SaveChangesAsync();
            db.Photos.AddRange(paths.Select((p, i) => new Photo { LibraryId = library.Id, Path = p, ContentHash = "hash-" + i, Size = new FileInfo(p).Length, ModifiedAt = File.GetLastWriteTimeUtc(p) }));
            await db.SaveChangesAsync();
            return await db.Photos.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Photos with a caption from the model, and photos recorded as failed with their reasons.</summary>
    private static async Task<(HashSet<long> Captioned, Dictionary<long, string> Failed)> SettledAsync(string data)
    {
        using var host = VlSearchHost.CreateBuilder(data, new Dictionary<string, string?> { ["Indexer:Watch"] = "false" }).Build();
        var catalog = host.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using var db = await catalog.CreateDbContextAsync();
        var captioned = await db.Photos.AsNoTracking().Where(p => p.CaptionModel == "captioner-cli").Select(p => p.Id).ToListAsync();
        var errors = await db.FileErrors.AsNoTracking().Where(e => e.Stage == PhotoCaptioner.Stage).Select(e => new { e.Path, e.Reason }).ToListAsync();
        var byPath = await db.Photos.AsNoTracking().ToDictionaryAsync(p => p.Path, p => p.Id);
        return ([.. captioned], errors.ToDictionary(e => byPath[e.Path], e => e.Reason));
    }
}
