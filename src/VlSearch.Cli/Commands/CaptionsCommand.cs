using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;
using VlSearch.Indexing;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch captions [--all]</c>: captions the catalog's photos here and now with the configured vision model
/// (<c>Answers:Captioning</c>), without a job server. Stopped or killed, it continues where it was on the next run.
/// </summary>
[Description("Caption photos with the configured vision model (Answers:Captioning): those without a caption, or every photo with --all. Run again after a stop to continue.")]
public sealed class CaptionsCommand : HostedCommand<CaptionsCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--all")]
        [Description("Caption every photo again, not only those without a caption (a person's caption is kept).")]
        public bool All { get; init; }
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var stage = services.GetRequiredService<CaptionStage>();
        if (stage.Chat is not { } chat)
        {
            // Configuration the user must change: a usage error, one line.
            throw new ArgumentException(stage.Unavailable ?? "Captioning is not configured (Answers:Captioning).");
        }

        // Reported synchronously from the workers, so a line is written as each photo settles (Progress<T> would post them later).
        var progress = new LineProgress();
        var result = await stage.Captioner.RunAsync(chat, stage.Settings, settings.All, progress, cancellationToken);
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{result.Captioned} photos captioned with {stage.Settings.Model}, {result.Failed} failed, {result.SkippedKnownBad} skipped as failed before (vlsearch jobs failed lists them)"));
        return 0;
    }

    private sealed class LineProgress : IProgress<CaptionProgress>
    {
        private readonly Lock gate = new();

        public void Report(CaptionProgress value)
        {
            lock (gate)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"captions: {value.Done}/{value.Total}, {value.Failed} failed"));
            }
        }
    }
}
