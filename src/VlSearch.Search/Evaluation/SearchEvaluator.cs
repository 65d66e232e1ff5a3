using System.Diagnostics;
using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;

namespace VlSearch.Search.Evaluation;

/// <summary>
/// Runs a judged query set through the ranking pipeline once per configuration and scores each: Recall@1/5/10,
/// MRR and nDCG@10 (<see cref="RankingMetrics"/>) and the p50/p95 latency. Every configuration runs in the same
/// pass, query by query in turn, so they see the same machine load and caches.
/// </summary>
public sealed class SearchEvaluator(ISearchPipeline pipeline)
{
    /// <summary>Scores <paramref name="configurations"/> on <paramref name="queries"/>; the result keeps the configurations' order.</summary>
    /// <exception cref="QuerySyntaxException">A query of the set is not valid query language.</exception>
    public async Task<IReadOnlyDictionary<string, PipelineScores>> EvaluateAsync(
        IReadOnlyList<JudgedQuery> queries,
        IReadOnlyList<PipelineConfiguration> configurations,
        EvaluationOptions options,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Depth, 10);
        if (configurations.Count == 0)
        {
            throw new ArgumentException("Name at least one pipeline configuration.", nameof(configurations));
        }

        // Parse everything first: a bad query in the set is reported before minutes of searching.
        var parsed = queries.Select(q => QueryParser.Parse(q.Text)).ToList();
        var runs = configurations.Select(_ => new Run()).ToArray();

        foreach (var configuration in configurations)
        {
            foreach (var query in parsed.Take(options.WarmUp))
            {
                await TrySearchAsync(Request(query, configuration, options), cancellationToken);
            }
        }

        for (var q = 0; q < queries.Count; q++)
        {
            for (var c = 0; c < configurations.Count; c++)
            {
                var clock = Stopwatch.StartNew();
                var (results, refusal) = await TrySearchAsync(Request(parsed[q], configurations[c], options), cancellationToken);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (refusal is not null && runs[c].Failed == 0)
                {
                    // The first refusal of each configuration is shown: a setup error refuses every query alike.
                    progress?.Report($"{configurations[c].Name} refused '{queries[q].Text}': {refusal}");
                }

                runs[c].Add(results, elapsed, queries[q], options.RelativePath);
            }

            if ((q + 1) % 25 == 0 || q + 1 == queries.Count)
            {
                progress?.Report($"{q + 1}/{queries.Count} queries × {configurations.Count} pipelines");
            }
        }

        var report = new Dictionary<string, PipelineScores>(StringComparer.Ordinal);
        for (var c = 0; c < configurations.Count; c++)
        {
            report[configurations[c].Name] = runs[c].Scores();
        }

        return report;
    }

    private static SearchRequest Request(ParsedQuery query, PipelineConfiguration configuration, EvaluationOptions options) => new()
    {
        Query = query,
        Model = options.Model,
        K = options.Depth,
        Stages = configuration.Stages,

        // Ranking quality is measured on the whole list: a cutoff would score the tail it hides as misses.
        Cutoff = SearchCutoff.None,
    };

    private async Task<(SearchResults? Results, string? Refusal)> TrySearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return (await pipeline.SearchAsync(request, cancellationToken), null);
        }
        catch (ArgumentException e)
        {
            // The pipeline refuses a request it cannot run (e.g. keyword-only for a query with no words): that
            // configuration found nothing for this query, which the scores should show, not end the evaluation.
            return (null, e.Message);
        }
    }

    private sealed class Run
    {
        private readonly List<double> latencies = [];
        private double recall1, recall5, recall10, mrr, ndcg, hit1;
        private int queries;

        public int Failed { get; private set; }

        public void Add(SearchResults? results, double milliseconds, JudgedQuery query, Func<string, string?> relativePath)
        {
            queries++;
            latencies.Add(milliseconds);
            if (results is null)
            {
                Failed++;
                return;
            }

            // Hits outside the library map to a key no judgment holds, so they count as misses but keep their rank.
            var ranking = results.Hits.Select(h => relativePath(h.Path) ?? "\0" + h.Path).ToList();
            recall1 += RankingMetrics.RecallAt(ranking, query.Gains, 1);
            recall5 += RankingMetrics.RecallAt(ranking, query.Gains, 5);
            recall10 += RankingMetrics.RecallAt(ranking, query.Gains, 10);
            mrr += RankingMetrics.ReciprocalRank(ranking, query.Gains);
            hit1 += RankingMetrics.ReciprocalRank(ranking.Take(1).ToList(), query.Gains);
            ndcg += RankingMetrics.NdcgAt(ranking, query.Gains, 10);
        }

        public PipelineScores Scores()
        {
            var n = Math.Max(1, queries);
            return new PipelineScores
            {
                RecallAt1 = Round(recall1 / n),
                RecallAt5 = Round(recall5 / n),
                RecallAt10 = Round(recall10 / n),
                HitAt1 = Round(hit1 / n),
                Mrr = Round(mrr / n),
                NdcgAt10 = Round(ndcg / n),
                P50Milliseconds = Math.Round(RankingMetrics.Percentile(latencies, 0.5), 3),
                P95Milliseconds = Math.Round(RankingMetrics.Percentile(latencies, 0.95), 3),
                Queries = queries,
                Failed = Failed,
            };
        }

        private static double Round(double value) => Math.Round(value, 4);
    }
}
