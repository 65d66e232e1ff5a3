using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.ModelHub;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch models pull &lt;name&gt;</c>: downloads a catalog model from the hub (resumable).</summary>
[Description("Download a model from the Hugging Face hub (or the mirror in $HF_ENDPOINT); interrupted downloads resume.")]
public sealed class ModelsPullCommand : AsyncCommand<ModelsPullCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("Catalog name, see `vlsearch models list`.")]
        public string Name { get; init; } = "";

        [CommandOption("--variant <VARIANT>")]
        [Description("ONNX variant: full precision (default) or quantized.")]
        public string? Variant { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var hub = ModelsCommandSupport.CreateServices(settings);
        var manager = hub.GetRequiredService<ModelManager>();
        if (manager.GetInstalled(settings.Name) is { } existing)
        {
            Console.Error.WriteLine($"{existing.Name} is already installed in {manager.InstalledDirectory(existing.Name)}.");
            return 0;
        }

        ModelManifest manifest;
        if (Console.IsErrorRedirected)
        {
            var lastTenth = -1L;
            var lines = new SyncProgress(p =>
            {
                var tenth = p.Total is > 0 ? p.Bytes * 10 / p.Total.Value : p.FileIndex;
                if (tenth != lastTenth)
                {
                    lastTenth = tenth;
                    Console.Error.WriteLine($"{p.Model}: {ModelsCommandSupport.FormatBytes(p.Bytes)}{(p.Total is { } t ? $" of {ModelsCommandSupport.FormatBytes(t)}" : "")} ({p.File})");
                }
            });
            manifest = await manager.PullAsync(settings.Name, settings.Variant, lines, cancellationToken);
        }
        else
        {
            manifest = null!;
            await ProgressDisplay.Error.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var overall = ctx.AddTask(Markup.Escape(settings.Name), maxValue: 1);
                    var files = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                    var progress = new SyncProgress(p =>
                    {
                        if (!files.TryGetValue(p.File, out var task))
                        {
                            task = ctx.AddTask(Markup.Escape($"  {p.File}"), maxValue: Math.Max(1, p.FileTotal ?? 1));
                            files[p.File] = task;
                        }

                        task.MaxValue = Math.Max(1, p.FileTotal ?? Math.Max(task.MaxValue, p.FileBytes));
                        task.Value = p.FileBytes;
                        overall.MaxValue = Math.Max(1, p.Total ?? Math.Max(overall.MaxValue, p.Bytes));
                        overall.Value = p.Bytes;
                    });
                    manifest = await manager.PullAsync(settings.Name, settings.Variant, progress, cancellationToken);
                    overall.Value = overall.MaxValue;
                });
        }

        Console.Error.WriteLine(
            $"Installed {manifest.Name} ({manifest.Files.Count} files, {ModelsCommandSupport.FormatBytes(manifest.SizeBytes)}) in {manager.InstalledDirectory(manifest.Name)}.");
        return 0;
    }

    /// <summary>Reports on the caller's thread so the display sees bytes in order.</summary>
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
