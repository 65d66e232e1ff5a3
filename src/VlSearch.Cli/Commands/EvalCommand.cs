using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Training;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch eval</c>: text→image retrieval metrics of a model on a labelled query set, as JSON.</summary>
[Description("Recall@1/5/10, MRR and nDCG@10 of a model on a query set (query → relevant images), as JSON.")]
public sealed class EvalCommand : HostedCommand<EvalCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--queries <FILE>")]
        [Description("JSON object: query text → relevant image paths (relative to --images).")]
        public string? Queries { get; init; }

        [CommandOption("--images <DIR>")]
        [Description("Folder of the images to rank (default: the query file's folder).")]
        public string? Images { get; init; }

        [CommandOption("--adapter <FILE|installed>")]
        [Description("Apply a personal adapter: an adapter.json path, or 'installed' for the model's adapter.")]
        public string? Adapter { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Queries) ? ValidationResult.Error("--queries is required.")
            : !File.Exists(Queries) ? ValidationResult.Error($"File not found: {Queries}")
            : Images is not null && !Directory.Exists(Images) ? ValidationResult.Error($"Folder not found: {Images}")
            : ValidationResult.Success();
    }

    protected override Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var model = LoadModel(services, settings.Model, baseModel: true);
        EmbeddingAdapter? adapter = null;
        if (settings.Adapter is { } requested)
        {
            var path = requested == "installed"
                ? EmbeddingAdapter.PathFor(DataDirectory.Resolve(settings.Data), model.Id)
                : requested;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"No adapter at {path}.");
            }

            adapter = EmbeddingAdapter.Load(path);
        }

        var evaluator = new RetrievalEvaluator(model, services.GetRequiredService<IPhotoDecoder>(), services.GetRequiredService<IImagePreprocessor>())
        {
            Adapter = adapter,
        };
        var metrics = evaluator.Evaluate(settings.Queries!, settings.Images, new Progress<string>(s => Console.Error.WriteLine($"eval: {s}")), cancellationToken);
        CliJson.Write(new { model = model.Id, adapter = adapter?.Id, metrics });
        return Task.FromResult(0);
    }
}
