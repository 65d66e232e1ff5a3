using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch search "query"</c>: the query language through the ranking pipeline.</summary>
[Description("Search photos: a description, keywords, quoted phrases, like:<photo> and key:value filters, ranked by the vector and keyword retrievers.")]
public sealed class SearchCommand : HostedCommand<SearchCommand.Settings>
{
    public sealed class Settings : FilterSettings
    {
        [CommandArgument(0, "[QUERY]")]
        [Description("What to find, e.g. \"two kids on a beach at sunset\" or 'beach \"Lisbon 2023\" camera:\"Pixel 8\"'.")]
        public string? Text { get; init; }

        [CommandOption("--queries-file <FILE>")]
        [Description("Run every line of this file as a query (batch mode; with --json prints [[{query, results}]]).")]
        public string? QueriesFile { get; init; }

        [CommandOption("--keyword")]
        [Description("Same as --stages keyword: only the keyword index (file and folder names, camera, tags, captions, .txt sidecars).")]
        public bool Keyword { get; init; }

        [CommandOption("--stages <STAGES>")]
        [Description("Retrievers: vector, keyword or hybrid (default: the configured Search:Stages, hybrid); +rerank adds the rerank stage when one is installed.")]
        public string? Stages { get; init; }

        [CommandOption("--rerank")]
        [Description("Rerank the top hits with the installed image–text matcher (the default where one is installed).")]
        public bool Rerank { get; init; }

        [CommandOption("--no-rerank")]
        [Description("Leave out the rerank stage: the retrievers' fused order.")]
        public bool NoRerank { get; init; }

        [CommandOption("--rerank-top <N>")]
        [Description("Fused hits the reranker rescores, 1 to 200 (default: Search:RerankDepth, 50).")]
        public int? RerankTop { get; init; }

        [CommandOption("--fusion <METHOD>")]
        [Description("How hybrid lists are fused: rrf (reciprocal rank, k = 60; default) or relative (min-max scaled scores).")]
        public string? Fusion { get; init; }

        [CommandOption("--weights <VECTOR,KEYWORD>")]
        [Description("Fusion weights of the vector and keyword retrievers, e.g. 1,0.5 (default 1,1).")]
        public string? Weights { get; init; }

        [CommandOption("--cutoff <CUTOFF>")]
        [Description("Where the list ends: none (default), auto (drops the weak tail, never keeps hits under the model's calibrated floor) or a minimum final score.")]
        public string? Cutoff { get; init; }

        [CommandOption("--explain")]
        [Description("Show each hit's rank and score in every stage (vector, keyword, fused, rerank, cut) and each stage's time.")]
        public bool Explain { get; init; }

        public override ValidationResult Validate()
        {
            if (Text is null && QueriesFile is null)
            {
                return ValidationResult.Error("Give a query text, or --queries-file.");
            }

            if (QueriesFile is not null && !File.Exists(QueriesFile))
            {
                return ValidationResult.Error($"File not found: {QueriesFile}");
            }

            if (Keyword && Stages is not null && !Stages.Trim().Equals("keyword", StringComparison.OrdinalIgnoreCase))
            {
                return ValidationResult.Error("--keyword means --stages keyword; give one or the other.");
            }

            if (Rerank && NoRerank)
            {
                return ValidationResult.Error("--rerank and --no-rerank contradict each other; give one.");
            }

            if (RerankTop is < 1 or > SearchOptions.MaxRerankDepth)
            {
                return ValidationResult.Error($"--rerank-top must be between 1 and {SearchOptions.MaxRerankDepth}.");
            }

            try
            {
                _ = ToRequestTemplate();
            }
            catch (ArgumentException e)
            {
                return ValidationResult.Error(e.Message);
            }

            return base.Validate();
        }

        /// <summary>The pipeline choices these options make (query and model are filled per search).</summary>
        internal (SearchStages? Stages, FusionMethod? Fusion, double? VectorWeight, double? KeywordWeight, SearchCutoff? Cutoff) ToRequestTemplate()
        {
            var stages = Keyword ? SearchStages.Keyword : Stages is null ? (SearchStages?)null : RankingArguments.ParseStages(Stages);
            var fusion = Fusion is null ? (FusionMethod?)null : RankingArguments.ParseFusion(Fusion);
            (double Vector, double Keyword)? weights = Weights is null ? null : RankingArguments.ParseWeights(Weights);
            var cutoff = Cutoff is null ? null : ScoreCutoff.Parse(Cutoff);
            return (stages, fusion, weights?.Vector, weights?.Keyword, cutoff);
        }
    }

    /// <summary>One query of a batch and its hits.</summary>
    public sealed record BatchResult(string Query, IReadOnlyList<RankedResultItem> Results);

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var pipeline = services.GetRequiredService<ISearchPipeline>();
        var template = settings.ToRequestTemplate();
        IEmbeddingModel? model = null;
        var filter = settings.ToFilter();

        async Task<SearchResults?> RunOneAsync(string text)
        {
            try
            {
                // A query pasted or read from a file often ends with a line break; the parser refuses control characters.
                text = text.TrimEnd();
                var query = QueryParser.Parse(text);

                // Parsed first, so a typo is reported without waiting for a model to load.
                model ??= template.Stages == SearchStages.Keyword ? new KeywordOnlyModel() : LoadModel(services, settings.Model);
                return await SearchAsync(query, model);
            }
            catch (QuerySyntaxException e)
            {
                ReportSyntaxError(text, e);
                return null;
            }
        }

        Task<SearchResults> SearchAsync(ParsedQuery query, IEmbeddingModel model) =>
            pipeline.SearchAsync(
                new SearchRequest
                {
                    Query = query,
                    Model = model,
                    K = settings.K,
                    Stages = template.Stages,
                    Fusion = template.Fusion,
                    VectorWeight = template.VectorWeight,
                    KeywordWeight = template.KeywordWeight,
                    Cutoff = template.Cutoff,
                    Rerank = settings.Rerank ? true : settings.NoRerank ? false : null,
                    RerankTop = settings.RerankTop,
                    Explain = settings.Explain,
                    Filter = filter,

                    // The CLI runs as the user on the user's machine: like:<file> may embed any image it can read.
                    AllowImageFiles = true,
                },
                cancellationToken);

        if (settings.QueriesFile is null)
        {
            var results = await RunOneAsync(settings.Text!);
            if (results is null)
            {
                return CliApplication.UsageError;
            }

            RankedResultsPrinter.Print(results, 0, settings.Json, settings.Explain);
            return 0;
        }

        var batch = new List<BatchResult>();
        foreach (var line in await File.ReadAllLinesAsync(settings.QueriesFile, cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var results = await RunOneAsync(line);
            if (results is null)
            {
                return CliApplication.UsageError;
            }

            batch.Add(new BatchResult(line.Trim(), [.. results.Hits.Select((h, i) => RankedResultItem.From(h, i + 1, settings.Explain))]));
            if (!settings.Json)
            {
                AnsiConsole.MarkupLine($"[bold]{Markup.Escape(line.Trim())}[/]");
                RankedResultsPrinter.Print(results, 0, json: false, settings.Explain);
            }
        }

        if (settings.Json)
        {
            CliJson.Write(batch);
        }

        return 0;
    }

    /// <summary>The message, the query, and a caret under the offending part.</summary>
    private static void ReportSyntaxError(string text, QuerySyntaxException e)
    {
        Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
        if (string.IsNullOrWhiteSpace(text))
        {
            // Nothing to point at.
            return;
        }

        foreach (var line in e.Pointer(text).ReplaceLineEndings("\n").Split('\n'))
        {
            Console.Error.WriteLine("  " + line);
        }
    }
}
