using Microsoft.Extensions.DependencyInjection;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Core.Tagging;
using VlSearch.Jobs;
using VlSearch.Testing;

namespace VlSearch.Indexer.Tests;

/// <summary>The enrichment stages as jobs: queued after a scan when asked, run with progress, failing alone when their model is missing.</summary>
public sealed class TagJobTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_scan_queues_zero_shot_tags_when_asked_and_tags_all_does_every_photo_again()
    {
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false", ["Rerank:Enabled"] = "false", ["Tags:QueueAfterScan"] = "true" });
        var library = app.Temp.Sub("library");
        TestImages.WriteLibrary(library, 12);
        var scan = (await app.Jobs.AddLibraryAsync(library))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(scan.Id, Timeout)).State);

        var queued = await WaitForJobAsync(app, IndexJobKinds.TagsMissing);
        var missing = await app.WaitForEndAsync(queued.Id, Timeout);
        Assert.True(missing.State == IndexJobStates.Succeeded, missing.Message);
        Assert.Equal(12, missing.Done);

        var all = Assert.Single(await app.Jobs.StartAsync(IndexJobKinds.TagsAll));
        var done = await app.WaitForEndAsync(all.Id, Timeout);
        Assert.True(done.State == IndexJobStates.Succeeded, done.Message);
        Assert.Equal(12, done.Done);
    }

    [Fact]
    public async Task Without_a_detector_an_objects_job_fails_with_the_reason_and_scans_queue_none()
    {
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false", ["Rerank:Enabled"] = "false" });
        var library = app.Temp.Sub("library");
        TestImages.WriteLibrary(library, 3);
        var scan = (await app.Jobs.AddLibraryAsync(library))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(scan.Id, Timeout)).State);
        Assert.DoesNotContain(await app.Jobs.ListAsync(), j => j.Kind is IndexJobKinds.ObjectsMissing or IndexJobKinds.TagsMissing);

        var job = Assert.Single(await app.Jobs.StartAsync(IndexJobKinds.ObjectsMissing));
        var failed = await app.WaitForEndAsync(job.Id, Timeout);

        Assert.Equal(IndexJobStates.Failed, failed.State);
        Assert.Contains("no object detector", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_detector_model_fails_its_job_with_the_load_error_while_scans_still_succeed()
    {
        await using var app = await EmbeddedHost.StartAsync(
            new() { ["Indexer:Watch"] = "false", ["Rerank:Enabled"] = "false" },
            s => s.AddSingleton<IObjectTagger>(_ => throw new ModelLoadException("detector/model.onnx is not a valid ONNX model (protobuf parsing failed)")));
        var library = app.Temp.Sub("library");
        TestImages.WriteLibrary(library, 3);
        var scan = (await app.Jobs.AddLibraryAsync(library))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(scan.Id, Timeout)).State);

        var queued = await WaitForJobAsync(app, IndexJobKinds.ObjectsMissing);
        var failed = await app.WaitForEndAsync(queued.Id, Timeout);

        Assert.Equal(IndexJobStates.Failed, failed.State);
        Assert.Contains("not a valid ONNX model", failed.Message, StringComparison.Ordinal);
        var rescan = Assert.Single(await app.Jobs.StartAsync(IndexJobKinds.Scan));
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(rescan.Id, Timeout)).State);
    }

    private static async Task<IndexJobInfo> WaitForJobAsync(EmbeddedHost app, string kind)
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
