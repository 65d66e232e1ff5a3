using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Training;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch bench encode</c>: decode, inference and end-to-end indexing throughput, as JSON.</summary>
[Description("Benchmark decode+preprocess, inference and end-to-end indexing at batch 1/8/32 (JSON).")]
public sealed class BenchEncodeCommand : HostedCommand<BenchEncodeCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--images <FOLDER>")]
        [Description("Photos to use (default: generated 2048×1536 JPEGs).")]
        public string? Images { get; init; }

        [CommandOption("--count <N>")]
        [Description("Images to use at most.")]
        [DefaultValue(64)]
        public int Count { get; init; } = 64;

        [CommandOption("--batch <N>")]
        [Description("Batch sizes (repeatable). Default: 1, 8, 32.")]
        public int[]? Batches { get; init; }

        public override ValidationResult Validate() =>
            Count < 1 ? ValidationResult.Error("--count must be positive.")
            : Images is not null && !Directory.Exists(Images) ? ValidationResult.Error($"Folder not found: {Images}")
            : Batches is not null && Batches.Any(b => b is < 1 or > 512) ? ValidationResult.Error("--batch must be between 1 and 512.")
            : ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var decoder = services.GetRequiredService<IPhotoDecoder>();
        using var photos = BenchPhotoSet.Gather(settings.Images, settings.Count, decoder, cancellationToken);
        var files = photos.Files;
        var model = LoadModel(services, settings.Model);
        var report = await EncodeBenchmark.RunAsync(
            model,
            files,
            decoder,
            services.GetRequiredService<IImagePreprocessor>(),
            settings.Batches is { Length: > 0 } b ? b : [1, 8, 32],
            new Progress<string>(stage => Console.Error.WriteLine($"bench: {stage}")),
            cancellationToken);
        CliJson.Write(report);
        return 0;
    }
}
