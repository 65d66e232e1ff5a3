using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Indexing;
using VlSearch.Indexing.Enrichment;
using VlSearch.Onnx.Tagging;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch bench enrich</c>: the detector and zero-shot tag stages over a throwaway catalog against the rate their CPU work allows, as JSON.</summary>
[Description("Benchmark enrichment: the detector and zero-shot tag stages over a throwaway catalog, against the CPU-bound rate of decode + detect + score (JSON).")]
public sealed class BenchEnrichCommand : HostedCommand<BenchEnrichCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--images <FOLDER>")]
        [Description("Photos to use (default: generated 2048×1536 JPEGs).")]
        public string? Images { get; init; }

        [CommandOption("--count <N>")]
        [Description("Distinct images to use at most.")]
        [DefaultValue(64)]
        public int Count { get; init; } = 64;

        [CommandOption("-n|--photos <N>")]
        [Description("Photos in the catalog: the images repeated under other names.")]
        [DefaultValue(2000)]
        public int Photos { get; init; } = 2000;

        [CommandOption("--detector <MODEL>")]
        [Description("Detector model folder or name (default: the shipped vlsearch-tiny-tagger).")]
        public string? Detector { get; init; }

        public override ValidationResult Validate() =>
            Count < 1 ? ValidationResult.Error("--count must be positive.")
            : Photos is < 16 or > 1_000_000 ? ValidationResult.Error("--photos must be between 16 and 1000000.")
            : Images is not null && !Directory.Exists(Images) ? ValidationResult.Error($"Folder not found: {Images}")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var detectorFolder = TokenizeCommand.ModelFolder(settings.Detector ?? EvalTaggerCommand.DefaultModel, settings.Data);
        if (!OnnxObjectTaggerLoader.IsTaggerFolder(detectorFolder))
        {
            throw new ArgumentException($"{detectorFolder} is not an object tagger (onnx/model.onnx with a DETR-, YOLO- or OWL-style config.json).");
        }

        var decoder = services.GetRequiredService<IPhotoDecoder>();
        using var photos = BenchPhotoSet.Gather(settings.Images, settings.Count, decoder, cancellationToken);
        var files = photos.Files;
        var model = LoadModel(services, settings.Model, baseModel: true);
        if (model.Text is null)
        {
            throw new ArgumentException($"The model {model.Id} has no text tower: it cannot score tag labels.");
        }

        var inference = services.GetRequiredService<IOptions<InferenceOptions>>().Value;
        var report = await EnrichBenchmark.RunAsync(
            model,
            () => OnnxObjectTaggerLoader.Load(detectorFolder, inference),
            files,
            settings.Photos,
            decoder,
            services.GetRequiredService<IImagePreprocessor>(),
            services.GetRequiredService<IOptions<ZeroShotOptions>>().Value,
            services.GetRequiredService<IOptions<IndexingOptions>>().Value,
            new Progress<string>(stage => Console.Error.WriteLine($"bench: {stage}")),
            cancellationToken);
        CliJson.Write(report);
        return 0;
    }
}
