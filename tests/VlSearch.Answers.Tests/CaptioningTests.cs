using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VlSearch.Catalog;
using VlSearch.Hosting;
using VlSearch.Indexing;
using VlSearch.Testing;
using VlSearch.Testing.OpenAi;

namespace VlSearch.Answers.Tests;

/// <summary>The caption stage over a catalog of tiny generated photos, against the double.</summary>
public sealed partial class CaptioningTests : IAsyncLifetime
{
    private const int PhotoCount = 400;
    private const int Concurrency = 4;
    private readonly TempFolder temp = new();
    private OpenAiCompatibleServerDouble server = null!;
    private IHost host = null!;
    private List<long> ids = [];

    [GeneratedRegex(@"Photo id (\d+):")]
    private static partial Regex PhotoLabel();

    private static long PhotoOf(RecordedRequest request) => long.Parse(PhotoLabel().Match(request.UserText).Groups[1].Value, CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        server = await OpenAiCompatibleServerDouble.StartAsync();
        host = VlSearchHost.CreateBuilder(temp.Sub("data"), new Dictionary<string, string?>
        {
            ["Answers:Captioning:Enabled"] = "true",
            ["Answers:Captioning:Provider"] = "OpenAICompatible",
            ["Answers:Captioning:Endpoint"] = server.BaseUri.ToString(),
            ["Answers:Captioning:Model"] = "captioner-test",
            ["Answers:Captioning:Concurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture),
            ["Answers:Captioning:MaxAttempts"] = "2",
            ["Answers:Captioning:RetryDelay"] = "00:00:00.010",
            ["Answers:Captioning:RequestsPerMinute"] = "100000",
            ["Indexer:Watch"] = "false",
        }).Build();
        await host.StartAsync();
        var paths = TestImages.WriteLibrary(temp.Sub("photos"), PhotoCount);
        var catalog = host.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using var db = await catalog.CreateDbContextAsync();
        var library = new Library { Name = "photos", RootPath = temp.Sub("photos") };
        db.Libraries.Add(library);
        await db.SaveChangesAsync();
        db.Photos.AddRange(paths.Select((p, i) => new Photo { LibraryId = library.Id, Path = p, ContentHash = "hash-" + i, Size = new FileInfo(p).Length, ModifiedAt = File.GetLastWriteTimeUtc(p) }));
        await db.SaveChangesAsync();
        ids = await db.Photos.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        temp.Dispose();
    }

    [Fact]
    public async Task Captioning_keeps_its_concurrency_resumes_without_asking_twice_and_records_each_failed_photo()
    {
        var stage = host.Services.GetRequiredService<CaptionStage>();
        Assert.NotNull(stage.Chat);
        var bad = ids.Where((_, i) => i % 50 == 7).ToHashSet();
        server.HoldUntilInFlight = Concurrency;
        server.FaultFor = r => bad.Contains(PhotoOf(r)) ? DoubleFault.MalformedJson : DoubleFault.None;
        using var stop = new CancellationTokenSource();
        var answered = 0;
        server.Answer = r =>
        {
            if (Interlocked.Increment(ref answered) == 150)
            {
                stop.Cancel();
            }

            return $"A test caption of photo {PhotoOf(r)} with a kite.";
        };

        // The first run stops part way, like a killed worker: what it finished is marked, what was in flight is not.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stage.Captioner.RunAsync(stage.Chat!, stage.Settings, all: false, cancellationToken: stop.Token));
        var catalog = host.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        HashSet<long> finished;
        await using (var db = await catalog.CreateDbContextAsync())
        {
            finished = [.. await db.PhotoEnrichments.Where(m => m.Stage == PhotoCaptioner.Stage).Select(m => m.PhotoId).ToListAsync()];
        }

        Assert.InRange(finished.Count, 100, PhotoCount - 1);
        var firstRunRequests = server.ChatRequests.Count;
        server.HoldTimeout = TimeSpan.FromMilliseconds(200);
        var result = await stage.Captioner.RunAsync(stage.Chat!, stage.Settings, all: false);

        var secondRun = server.ChatRequests.Skip(firstRunRequests).Select(PhotoOf).ToList();
        Assert.DoesNotContain(secondRun, finished.Contains);
        Assert.Equal(Concurrency, server.MaxInFlight);
        Assert.Empty(server.Rejections);
        Assert.All(server.ChatRequests, r => Assert.True(Math.Max(r.Images[0].Width, r.Images[0].Height) <= 768));
        await using (var db = await catalog.CreateDbContextAsync())
        {
            var photos = await db.Photos.AsNoTracking().ToListAsync();
            Assert.All(photos.Where(p => !bad.Contains(p.Id)), p =>
            {
                Assert.Equal($"A test caption of photo {p.Id} with a kite.", p.Caption);
                Assert.Equal("captioner-test", p.CaptionModel);
            });
            var errors = await db.FileErrors.AsNoTracking().Where(e => e.Stage == PhotoCaptioner.Stage).ToListAsync();
            Assert.Equal(photos.Where(p => bad.Contains(p.Id)).Select(p => p.Path).Order(), errors.Select(e => e.Path).Order());
            Assert.All(errors, e => Assert.Contains("BadReply after 2 attempts", e.Reason, StringComparison.Ordinal));
        }

        Assert.Equal(bad.Count, result.Failed + result.SkippedKnownBad);

        // A third run asks for nothing: every photo is captioned or known bad.
        var before = server.ChatRequests.Count;
        var again = await stage.Captioner.RunAsync(stage.Chat!, stage.Settings, all: false);
        Assert.Equal(before, server.ChatRequests.Count);
        Assert.Equal(bad.Count, again.SkippedKnownBad);
    }

    [Fact]
    public async Task A_rate_limited_photo_is_retried_after_the_providers_retry_after_and_a_person_s_caption_is_never_replaced()
    {
        var stage = host.Services.GetRequiredService<CaptionStage>();
        await stage.Captioner.SetUserCaptionAsync(ids[0], "Grandma's lake house");
        var waits = new ConcurrentQueue<DateTime>();
        server.RetryAfterSeconds = 1;
        server.QueueFaults(DoubleFault.TooManyRequests);
        server.Answer = r =>
        {
            waits.Enqueue(DateTime.UtcNow);
            return "A caption.";
        };

        var result = await stage.Captioner.RunAsync(stage.Chat!, stage.Settings with { Concurrency = 1 }, all: true);

        Assert.Equal(PhotoCount - 1, result.Captioned);
        Assert.Equal(0, result.Failed);
        Assert.Equal(PhotoCount, server.ChatRequests.Count);
        var catalog = host.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using var db = await catalog.CreateDbContextAsync();
        var kept = await db.Photos.AsNoTracking().SingleAsync(p => p.Id == ids[0]);
        Assert.Equal("Grandma's lake house", kept.Caption);
        Assert.Equal(PhotoCaptioner.UserModel, kept.CaptionModel);
    }
}
