using Microsoft.Extensions.DependencyInjection;
using VlSearch.Catalog;
using VlSearch.Core.Matching;
using VlSearch.Jobs;
using VlSearch.Testing;

namespace VlSearch.Indexer.Tests;

/// <summary>
/// The jobs that extract the reranker's image features: queued after a scan where a reranker is installed, run with
/// progress, cancelled like any job.
/// </summary>
public sealed class FeatureJobTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_scan_queues_the_features_of_its_photos_and_features_all_extracts_them_again()
    {
        var matcher = new FixedImageTextMatcherDouble();
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false" }, s => s.AddSingleton<IImageTextMatcher>(matcher));
        var library = app.Temp.Sub("library");
        TestImages.WriteLibrary(library, 12);
        var scan = (await app.Jobs.AddLibraryAsync(library))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(scan.Id, Timeout)).State);

        var queued = await WaitForFeatureJobAsync(app, IndexJobKinds.FeaturesMissing);
        var missing = await app.WaitForEndAsync(queued.Id, Timeout);
        Assert.Equal(IndexJobStates.Succeeded, missing.State);
        Assert.Equal(12, missing.Done);
        var store = app.Services.GetRequiredService<IImageFeatureStore>();
        Assert.Equal(12, await store.CountAsync(matcher.Id));

        var all = Assert.Single(await app.Jobs.StartAsync(IndexJobKinds.FeaturesAll));
        Assert.Null(all.Model);
        var done = await app.WaitForEndAsync(all.Id, Timeout);
        Assert.Equal(IndexJobStates.Succeeded, done.State);
        Assert.Equal(12, done.Done);
        Assert.Equal(24, matcher.Images);
    }

    [Fact]
    public async Task A_cancelled_features_job_stays_cancelled_and_a_later_one_completes_the_rest()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var matcher = new FixedImageTextMatcherDouble
        {
            // The second batch waits until the test has cancelled the job.
            BeforeExtract = call =>
            {
                if (call == 1)
                {
                    entered.Set();
                    release.Wait(Timeout);
                }
            },
        };
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false", ["Indexing:BatchSize"] = "2" }, s => s.AddSingleton<IImageTextMatcher>(matcher));
        var library = app.Temp.Sub("library");
        TestImages.WriteLibrary(library, 12);
        var scan = (await app.Jobs.AddLibraryAsync(library))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(scan.Id, Timeout)).State);
        var job = await WaitForFeatureJobAsync(app, IndexJobKinds.FeaturesMissing);

        Assert.True(entered.Wait(Timeout), "the features job never reached its second batch");
        await app.Jobs.CancelAsync(job.Id);
        release.Set();
        var cancelled = await app.WaitForEndAsync(job.Id, Timeout);
        Assert.Equal(IndexJobStates.Cancelled, cancelled.State);

        var again = Assert.Single(await app.Jobs.StartAsync(IndexJobKinds.FeaturesMissing));
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(again.Id, Timeout)).State);
        Assert.Equal(12, await app.Services.GetRequiredService<IImageFeatureStore>().CountAsync(matcher.Id));
    }

    [Fact]
    public async Task Without_a_reranker_a_features_job_fails_with_the_reason_and_scans_queue_none()
    {
        // The shipped reranker is found beside the app unless it is turned off.
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false", ["Rerank:Enabled"] = "false" });
        var library = app.Temp.Sub("library");
        TestImages.WriteLibrary(library, 3);
        var scan = (await app.Jobs.AddLibraryAsync(library))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(scan.Id, Timeout)).State);
        Assert.DoesNotContain(await app.Jobs.ListAsync(), j => j.Kind == IndexJobKinds.FeaturesMissing);

        var job = Assert.Single(await app.Jobs.StartAsync(IndexJobKinds.FeaturesMissing));
        var failed = await app.WaitForEndAsync(job.Id, Timeout);

        Assert.Equal(IndexJobStates.Failed, failed.State);
        Assert.Contains("no reranker", failed.Message, StringComparison.Ordinal);
    }

    private static async Task<IndexJobInfo> WaitForFeatureJobAsync(EmbeddedHost app, string kind)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var job = (await app.Jobs.ListAsync()).FirstOrDefault(j => j.Kind == kind);
            if (job is not null)
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {kind} job was queued after the scan");
            await Task.Delay(100);
        }
    }
}
