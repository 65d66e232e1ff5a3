using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Training;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch adapt</c>: learns (or removes) a personal adapter over a model from labelled photos.</summary>
[Description("Learn a personal adapter from labelled photos (folder names, .txt captions or XMP keywords), or --remove it.")]
public sealed class AdaptCommand : HostedCommand<AdaptCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--photos <DIR>")]
        [Description("Labelled photos: one folder per label, sidecar .txt captions, or XMP dc:subject keywords.")]
        public string? Photos { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Adapter file to write (default: <data>/adapters/<model>/adapter.json).")]
        public string? Out { get; init; }

        [CommandOption("--rank <R>")]
        [Description("Rank of the low-rank update.")]
        [DefaultValue(8)]
        public int Rank { get; init; } = 8;

        [CommandOption("--steps <N>")]
        [Description("Optimization steps.")]
        [DefaultValue(300)]
        public int Steps { get; init; } = 300;

        [CommandOption("--text-only")]
        [Description("Adapt only query vectors (existing image vectors stay valid).")]
        public bool TextOnly { get; init; }

        [CommandOption("--remove")]
        [Description("Delete the model's installed adapter.")]
        public bool Remove { get; init; }

        public override ValidationResult Validate() =>
            !Remove && string.IsNullOrWhiteSpace(Photos) ? ValidationResult.Error("--photos is required (or --remove).")
            : !Remove && !Directory.Exists(Photos) ? ValidationResult.Error($"Folder not found: {Photos}")
            : Rank is < 1 or > 256 ? ValidationResult.Error("--rank must be between 1 and 256.")
            : Steps < 1 ? ValidationResult.Error("--steps must be positive.")
            : ValidationResult.Success();
    }

    protected override Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var model = LoadModel(services, settings.Model, baseModel: true);
        var path = settings.Out ?? EmbeddingAdapter.PathFor(DataDirectory.Resolve(settings.Data), model.Id);
        if (settings.Remove)
        {
            var existed = File.Exists(path);
            if (existed)
            {
                File.Delete(path);
            }

            CliJson.Write(new { model = model.Id, removed = existed, path });
            return Task.FromResult(0);
        }

        var decoder = services.GetRequiredService<IPhotoDecoder>();
        var photos = PhotoLabels.Read(settings.Photos!, decoder.SupportedExtensions);
        if (photos.Count < 2)
        {
            throw new ArgumentException($"Found {photos.Count} labelled photos under {settings.Photos}; an adapter needs at least two.");
        }

        var trainer = new AdapterTrainer(model, decoder, services.GetRequiredService<IImagePreprocessor>());
        var options = new AdapterOptions { Rank = settings.Rank, Steps = settings.Steps, AdaptImages = !settings.TextOnly };
        var adapter = trainer.Train(photos, options, new Progress<string>(s => Console.Error.WriteLine($"adapt: {s}")), cancellationToken);
        adapter.Save(path);
        CliJson.Write(new
        {
            model = model.Id,
            adapter = adapter.Id,
            collection = adapter.CollectionModelId,
            photos = photos.Count,
            labels = photos.Select(p => p.Label).Distinct(StringComparer.Ordinal).Count(),
            path = Path.GetFullPath(path),
        });
        return Task.FromResult(0);
    }
}
