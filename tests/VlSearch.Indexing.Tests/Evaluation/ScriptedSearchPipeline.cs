using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Evaluation;

/// <summary>A pipeline whose answers are written by the test: per stages and query text, the ranked file paths.</summary>
internal sealed class ScriptedSearchPipeline(string root) : ISearchPipeline
{
    private readonly Dictionary<(SearchStages, string), string[]> answers = [];

    public List<SearchRequest> Requests { get; } = [];

    public ScriptedSearchPipeline Answer(SearchStages stages, string query, params string[] relativePaths)
    {
        answers[(stages, query)] = relativePaths;
        return this;
    }

    public Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        if (!answers.TryGetValue((request.Stages ?? SearchStages.None, request.Query.Text), out var paths))
        {
            throw new ArgumentException($"No answer for '{request.Query.Text}' with {request.Stages}.");
        }

        var hits = paths.Select((p, i) => new RankedHit(i + 1, Path.Combine(root, p), 1.0 / (i + 1), null)).Take(request.K).ToList();
        return Task.FromResult(new SearchResults(hits, 0, []));
    }
}
