using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Indexing;
using VlSearch.Search.Evaluation;
using VlSearch.Search.Ranking;
using VlSearch.Training;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch eval</c>: retrieval metrics on a labelled query set, as JSON. Without <c>--pipelines</c> it scores a
/// model's raw embeddings of the image files; with it, it indexes the library into the data folder and scores
/// configurations of the ranking pipeline side by side.
/// </summary>
[Description("Recall@1/5/10, MRR and nDCG@10 on a query set (query → relevant images), as JSON: of a model's embeddings, or with --pipelines of search pipelines over the indexed library.")]
public sealed class EvalCommand : HostedCommand<EvalCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--queries <FILE>")]
        [Description("JSON object: query text → relevant image paths (relative to --images), or → {path: gain} for graded relevance.")]
        public string? Queries { get; init; }

        [CommandOption("--images <DIR>")]
        [Description("Folder of the images to rank (default: the query file's folder). With --pipelines: the library root.")]
        public string? Images { get; init; }

        [CommandOption("--adapter <FILE|installed>")]
        [Description("Apply a personal adapter: an adapter.json path, or 'installed' for the model's adapter (not with --pipelines).")]
        public string? Adapter { get; init; }

        [CommandOption("--pipelines <LIST>")]
        [Description("Score search pipelines instead of raw embeddings: a comma list of vector, keyword, hybrid, joined with +rerank and/or +tags (tags made after the others are scored: zero-shot tags, and the detector's object tags where Detector:Model names one), e.g. vector,keyword,hybrid,hybrid+rerank,hybrid+tags.")]
        public string? Pipelines { get; init; }

        [CommandOption("--no-index")]
        [Description("With --pipelines: search the data folder's catalog as it is instead of indexing the library first.")]
        public bool NoIndex { get; init; }

        [CommandOption("--depth <N>")]
        [Description("With --pipelines: hits asked per search (MRR looks this deep).")]
        [DefaultValue(100)]
        public int Depth { get; init; } = 100;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Queries))
            {
                return ValidationResult.Error("--queries is required.");
            }

            if (!File.Exists(Queries))
            {
                return ValidationResult.Error($"File not found: {Queries}");
            }

            if (Images is not null && !Directory.Exists(Images))
            {
                return ValidationResult.Error($"Folder not found: {Images}");
            }

            if (Pipelines is null)
            {
                return NoIndex ? ValidationResult.Error("--no-index only applies with --pipelines.") : base.Validate();
            }

            if (Adapter is not null)
            {
                return ValidationResult.Error("--adapter applies to raw embeddings; with --pipelines the search uses the model's installed adapter.");
            }

            if (Depth is < 10 or > Search.PhotoSearch.MaxResults)
            {
                return ValidationResult.Error($"--depth must be between 10 and {Search.PhotoSearch.MaxResults}.");
            }

            try
            {
                PipelineConfiguration.ParseList(Pipelines);
            }
            catch (ArgumentException e)
            {
                return ValidationResult.Error("--pipelines: " + e.Message.Split(" (Parameter", 2)[0]);
            }

            return base.Validate();
        }
    }

    protected override Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken) =>
        settings.Pipelines is null ? Task.FromResult(RunEmbeddings(services, settings, cancellationToken)) : RunPipelinesAsync(services, settings, cancellationToken);

    private static int RunEmbeddings(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
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
        return 0;
    }

    private static async Task<int> RunPipelinesAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var configurations = PipelineConfiguration.ParseList(settings.Pipelines!);
        IReadOnlyList<JudgedQuery> queries;
        try
        {
            queries = RelevanceJudgments.Load(settings.Queries!);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        var root = Path.GetFullPath(settings.Images ?? Path.GetDirectoryName(Path.GetFullPath(settings.Queries!))!);
        var missing = queries.SelectMany(q => q.Gains.Keys).FirstOrDefault(p => !File.Exists(Path.Combine(root, p)));
        if (missing is not null)
        {
            throw new FileNotFoundException($"Relevant image {missing} is not under {root}.");
        }

        // Checked before indexing: minutes of embedding would be wasted on a build that cannot search.
        var pipeline = services.GetService<ISearchPipeline>()
            ?? throw new InvalidOperationException("This build has no ranking pipeline (ISearchPipeline is not registered), so --pipelines cannot run.");
        if (configurations.Any(c => c.Stages.HasFlag(SearchStages.Rerank)))
        {
            // A rerank that would be skipped query by query would report the fused order under the rerank's name.
            var reranker = services.GetRequiredService<Hosting.RerankerInstallation>();
            if (reranker.Model is not { } installed)
            {
                throw new ArgumentException($"--pipelines names +rerank, but {reranker.NotInstalled}.");
            }

            if (!installed.TryLoad(out _, out var reason))
            {
                throw new ArgumentException($"--pipelines names +rerank, but {reason}.");
            }
        }

        var model = LoadModel(services, settings.Model);
        if (!settings.NoIndex)
        {
            var indexer = services.GetRequiredService<PhotoIndexer>();
            var indexed = await ProgressDisplay.RunAsync(
                $"Indexing {Path.GetFileName(root)}", progress => indexer.IndexAsync(new LibraryRequest(root), model, progress, cancellationToken));
            Console.Error.WriteLine($"eval: {indexed.Library}: {indexed.Scanned} photos, {indexed.Embedded} embedded, {indexed.Unchanged} unchanged, {indexed.Failed} failed");
        }

        var options = new EvaluationOptions
        {
            Model = model,
            Depth = settings.Depth,
            RelativePath = path =>
            {
                var relative = Path.GetRelativePath(root, path);
                return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : RelevanceJudgments.Normalize(relative);
            },
        };
        Console.Error.WriteLine($"eval: {queries.Count} queries × {string.Join(", ", configurations.Select(c => c.Name))} with {model.Id}");
        var report = await EvaluateWithTagsAsync(services, new SearchEvaluator(pipeline), queries, configurations, options, json: true, cancellationToken);
        // Recall@1 counts a first hit as 1/n of a query's n relevant photos, so no ranking passes this on the set.
        var recallAt1Ceiling = queries.Count == 0 ? 0 : Math.Round(queries.Average(q => RankingMetrics.BestRecallAt(q.Gains, 1)), 4);
        CliJson.Write(new { model = model.Id, library = root, queries = queries.Count, depth = settings.Depth, recallAt1Ceiling, pipelines = report });
        return 0;
    }

    /// <summary>
    /// Scores the configurations without <c>+tags</c> on the catalog as it is, then (when any has it) runs the tag
    /// stages that are available here over the photos that miss their tags — zero-shot tags unless <c>Tags:Enabled</c>
    /// is false, object tags where <c>Detector:Model</c> names a detector — and scores the <c>+tags</c> ones; the
    /// report keeps the listed order.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, PipelineScores>> EvaluateWithTagsAsync(
        IServiceProvider services, SearchEvaluator evaluator, IReadOnlyList<JudgedQuery> queries, IReadOnlyList<PipelineConfiguration> configurations, EvaluationOptions options, bool json, CancellationToken cancellationToken)
    {
        var progress = new Progress<string>(s => Console.Error.WriteLine($"eval: {s}"));
        var plain = configurations.Where(c => !c.Tags).ToList();
        var tagged = configurations.Where(c => c.Tags).ToList();
        var scores = new Dictionary<string, PipelineScores>(StringComparer.Ordinal);
        if (plain.Count > 0)
        {
            foreach (var (name, value) in await evaluator.EvaluateAsync(queries, plain, options, progress, cancellationToken))
            {
                scores[name] = value;
            }
        }

        if (tagged.Count > 0)
        {
            var stages = services.GetServices<Indexing.Enrichment.IEnrichmentStage>()
                .Where(s => s.Available && s.Name is Indexing.Enrichment.ZeroShotTagStage.StageName or Indexing.Enrichment.ObjectTagStage.StageName)
                .Select(s => s.Name).ToList();
            if (stages.Count == 0)
            {
                throw new ArgumentException("+tags needs a tag stage: zero-shot tags are turned off (Tags:Enabled) and no detector is configured (Detector:Model).");
            }

            foreach (var stage in stages)
            {
                var tags = await TagsRun.RunStageAsync(services, stage, all: false, json, cancellationToken);
                Console.Error.WriteLine($"eval: {tags.Enriched} photos tagged by the {stage} stage ({tags.Tags} tags) with {tags.Model}");
            }
            foreach (var (name, value) in await evaluator.EvaluateAsync(queries, tagged, options, progress, cancellationToken))
            {
                scores[name] = value;
            }
        }

        return configurations.ToDictionary(c => c.Name, c => scores[c.Name], StringComparer.Ordinal);
    }
}
