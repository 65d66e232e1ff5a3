using VlSearch.Core;

namespace VlSearch.ModelHub.Tests;

public sealed class ModelPullTests
{
    private const string VisionFile = "onnx/vision_model.onnx";

    [Fact]
    public async Task Pull_installs_every_file_with_its_checksum_and_the_model_loads()
    {
        using var bed = new HubTestBed(withChecksums: false);

        var manifest = await bed.Manager.PullAsync(HubTestBed.Name);

        Assert.Equal(HubTestBed.Name, manifest.Name);
        Assert.Equal(bed.Entry.FilesFor("").Count, manifest.Files.Count);
        foreach (var file in manifest.Files)
        {
            var bytes = bed.SourceBytes(file.Path);
            Assert.Equal(bytes.Length, file.Size);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), file.Sha256);
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(bed.InstalledDirectory, file.Path)));
        }

        Assert.True(File.Exists(Path.Combine(bed.InstalledDirectory, ModelManifest.FileName)));
        Assert.False(Directory.Exists(bed.StagingDirectory));
        Assert.Contains(bed.Manager.List(), e => e.Name == HubTestBed.Name && e.Installed && e.Available);

        using var resolver = new ModelResolver(bed.Options, new InferenceOptions(), bed.FolderLoader, catalog: bed.Catalog);
        var model = resolver.Load(HubTestBed.Name);
        Assert.Equal(TinyModel.Dimension, model.Dimension);
        var vector = model.Text!.Encode(["the cat"])[0];
        Assert.Equal(1f, VectorMath.Cosine(vector, vector), 1e-5f);
    }

    [Fact]
    public async Task Interrupted_download_resumes_with_a_range_request_on_the_next_pull()
    {
        using var bed = new HubTestBed(maxAttempts: 1);
        var full = bed.SourceBytes(VisionFile);
        var cut = full.Length / 3;
        bed.Server.DropAfter(bed.ServedPath(VisionFile), cut);

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.PullAsync(HubTestBed.Name));
        Assert.Contains("resume", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(bed.Manager.GetInstalled(HubTestBed.Name));
        Assert.False(Directory.Exists(bed.InstalledDirectory));
        var part = Path.Combine(bed.StagingDirectory, "onnx", "vision_model.onnx.part");
        Assert.Equal(cut, new FileInfo(part).Length);

        await bed.Manager.PullAsync(HubTestBed.Name);

        Assert.Contains(bed.Server.Requests, r => r.Method == "GET" && r.Path == bed.ServedPath(VisionFile) && r.Range == $"bytes={cut}-");
        Assert.Equal(full, File.ReadAllBytes(Path.Combine(bed.InstalledDirectory, VisionFile)));
        Assert.NotNull(bed.Manager.GetInstalled(HubTestBed.Name));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_within_the_same_pull_from_where_it_stopped()
    {
        using var bed = new HubTestBed(maxAttempts: 3);
        var full = bed.SourceBytes(VisionFile);
        var cut = full.Length / 2;
        bed.Server.DropAfter(bed.ServedPath(VisionFile), cut);

        await bed.Manager.PullAsync(HubTestBed.Name);

        Assert.Contains(bed.Server.Requests, r => r.Path == bed.ServedPath(VisionFile) && r.Range == $"bytes={cut}-");
        Assert.Equal(full, File.ReadAllBytes(Path.Combine(bed.InstalledDirectory, VisionFile)));
    }

    [Fact]
    public async Task A_corrupted_file_fails_its_checksum_and_nothing_is_installed()
    {
        using var bed = new HubTestBed(withChecksums: true);
        var corrupted = bed.SourceBytes(VisionFile);
        corrupted[corrupted.Length / 2] ^= 0x5A;
        bed.Server.Substitute(bed.ServedPath(VisionFile), corrupted);

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.PullAsync(HubTestBed.Name));

        Assert.Contains(VisionFile, failure.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(bed.InstalledDirectory));
        Assert.False(File.Exists(Path.Combine(bed.StagingDirectory, "onnx", "vision_model.onnx.part")));
        Assert.False(File.Exists(Path.Combine(bed.StagingDirectory, "onnx", "vision_model.onnx")));
        Assert.DoesNotContain(bed.Manager.List(), e => e.Installed);
        using var resolver = new ModelResolver(bed.Options, new InferenceOptions(), bed.FolderLoader, catalog: bed.Catalog);
        var error = Assert.Throws<ModelLoadException>(() => resolver.Load(HubTestBed.Name));
        Assert.Contains($"vlsearch models pull {HubTestBed.Name}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_the_wrong_size_is_rejected_before_it_is_installed()
    {
        using var bed = new HubTestBed(withChecksums: true);
        bed.Server.Substitute(bed.ServedPath("config.json"), "{}"u8.ToArray());

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.PullAsync(HubTestBed.Name));

        Assert.Contains("config.json", failure.Message, StringComparison.Ordinal);
        Assert.Null(bed.Manager.GetInstalled(HubTestBed.Name));
    }

    [Fact]
    public async Task A_required_file_missing_on_the_hub_fails_the_pull_and_installs_nothing()
    {
        using var bed = new HubTestBed(withChecksums: false);
        bed.Server.Remove(bed.ServedPath("onnx/text_model.onnx"));

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.PullAsync(HubTestBed.Name));

        Assert.Contains("onnx/text_model.onnx", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bed.InstalledDirectory));
        Assert.DoesNotContain(bed.Manager.List(), e => e.Installed);
    }

    [Fact]
    public async Task A_missing_optional_file_is_skipped()
    {
        using var bed = new HubTestBed(withChecksums: false);
        var catalog = new KnownModelCatalog(
            [bed.Entry with { Files = [.. bed.Entry.Files, new KnownModelFile("extra/notes.txt", Optional: true)] }],
            HubTestBed.Name);
        using var manager = new ModelManager(bed.Options, bed.FolderLoader, catalog: catalog);

        var manifest = await manager.PullAsync(HubTestBed.Name);

        Assert.DoesNotContain(manifest.Files, f => f.Path == "extra/notes.txt");
        Assert.NotNull(manager.GetInstalled(HubTestBed.Name));
    }

    [Fact]
    public async Task Progress_reports_reach_the_total_for_each_file_and_overall()
    {
        using var bed = new HubTestBed(withChecksums: false);
        var progress = new ListProgress<DownloadProgress>();

        var manifest = await bed.Manager.PullAsync(HubTestBed.Name, progress);

        var reports = progress.Reports;
        var total = manifest.Files.Sum(f => f.Size);
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(total, r.Total));
        Assert.Equal(total, reports[^1].Bytes);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.Bytes >= p.First.Bytes), "Overall bytes never go backwards.");
        foreach (var file in manifest.Files)
        {
            var last = reports.Last(r => r.File == file.Path);
            Assert.Equal(file.Size, last.FileBytes);
            Assert.Equal(file.Size, last.FileTotal);
            Assert.Equal(manifest.Files.Count, last.FileCount);
        }
    }

    [Fact]
    public async Task A_mirror_endpoint_with_a_path_prefix_is_used_for_every_file()
    {
        using var bed = new HubTestBed(withChecksums: true, serverPrefix: "/mirror/hf");

        await bed.Manager.PullAsync(HubTestBed.Name);

        var gets = bed.Server.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal(bed.Entry.FilesFor("").Count, gets.Count);
        Assert.All(gets, r => Assert.StartsWith($"/mirror/hf/{HubTestBed.Repo}/resolve/main/", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pulling_an_installed_model_downloads_nothing()
    {
        using var bed = new HubTestBed(withChecksums: true);
        var first = await bed.Manager.PullAsync(HubTestBed.Name);
        var requests = bed.Server.Requests.Count;

        var second = await bed.Manager.PullAsync(HubTestBed.Name);

        Assert.Equal(requests, bed.Server.Requests.Count);
        Assert.Equal(first.InstalledAt, second.InstalledAt);
    }

    [Fact]
    public async Task A_quantized_pull_fetches_only_that_variant_and_loads_it()
    {
        using var bed = new HubTestBed(withChecksums: true, quantizedToo: true);

        var manifest = await bed.Manager.PullAsync(HubTestBed.Name, "quantized");

        Assert.Equal("quantized", manifest.Variant);
        Assert.Contains(manifest.Files, f => f.Path == "onnx/vision_model_quantized.onnx");
        Assert.DoesNotContain(manifest.Files, f => f.Path == VisionFile);
        using var resolver = new ModelResolver(bed.Options, new InferenceOptions(), bed.FolderLoader, catalog: bed.Catalog);
        var model = resolver.Load(HubTestBed.Name);
        Assert.Equal(TinyModel.Dimension, model.Dimension);
        await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.PullAsync("tiny-clip-other"));
    }

    [Fact]
    public async Task Files_left_by_an_interrupted_pull_of_another_variant_are_not_installed()
    {
        using var bed = new HubTestBed(withChecksums: true, maxAttempts: 1, quantizedToo: true);
        bed.Server.DropAfter(bed.ServedPath("onnx/vision_model_quantized.onnx"), 10);
        await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.PullAsync(HubTestBed.Name, "quantized"));

        var manifest = await bed.Manager.PullAsync(HubTestBed.Name);

        var installed = Directory.EnumerateFiles(bed.InstalledDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(bed.InstalledDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => p != ModelManifest.FileName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(manifest.Files.Select(f => f.Path).Order(StringComparer.Ordinal), installed);
    }

    [Fact]
    public async Task An_unknown_variant_is_refused_with_the_available_ones()
    {
        using var bed = new HubTestBed(withChecksums: true, quantizedToo: true);

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.PullAsync(HubTestBed.Name, "fp16"));

        Assert.Contains("quantized", failure.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Server.Requests);
    }
}
