using VlSearch.Core;

namespace VlSearch.Search.Ranking;

/// <summary>Each candidate's place in every stage of one search, from which the hits and their explanations are built.</summary>
internal sealed class ScoreBoard
{
    private readonly Dictionary<long, (int Rank, double Score)> vector = [];
    private readonly Dictionary<long, (int Rank, double Score)> keyword = [];
    private readonly Dictionary<long, (int Rank, double Score)>? tags;
    private readonly Dictionary<long, (int Rank, double Score)> fused = [];
    private readonly Dictionary<long, (int Rank, double Score)> rerank = [];
    private readonly Dictionary<long, (int Rank, double Score)> final = [];
    private readonly Dictionary<long, int> cut = [];
    private readonly Dictionary<long, (string Path, PhotoPayload? Payload)> sources = [];
    private List<long> order;

    /// <param name="vectorList">The vector retriever's hits, best first.</param>
    /// <param name="keywordList">The keyword retriever's hits, best first.</param>
    /// <param name="tagList">The tag matches, when the search ranked them as a list of their own; null otherwise.</param>
    /// <param name="fusedList">The fused order.</param>
    public ScoreBoard(RetrieverList vectorList, RetrieverList keywordList, RetrieverList? tagList, IReadOnlyList<RetrieverHit> fusedList)
    {
        Fill(vector, vectorList.Hits);
        Fill(keyword, keywordList.Hits);
        if (tagList is not null)
        {
            tags = [];
            Fill(tags, tagList.Hits);
        }

        Fill(fused, fusedList);
        order = [.. fusedList.Select(h => h.Id)];
    }

    public void AddSource(long id, string path, PhotoPayload? payload)
    {
        if (!sources.TryGetValue(id, out var known) || known.Payload is null)
        {
            sources[id] = (path, payload ?? known.Payload);
        }
    }

    /// <summary>The current order, best first.</summary>
    public List<long> Ranked() => order;

    /// <summary>
    /// Puts the rescored hits first, by final score = fused score + <paramref name="weight"/> × probability (ties keep
    /// the fused order); the rest follow in fused order.
    /// </summary>
    public List<long> ApplyRerank(IReadOnlyList<RerankScore> scores, double weight)
    {
        var position = order.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var rescored = scores.Where(s => position.ContainsKey(s.Id) && double.IsFinite(s.Probability)).DistinctBy(s => s.Id)
            .Select(s => (s.Id, s.Probability, Final: fused[s.Id].Score + (weight * s.Probability)))
            .OrderByDescending(s => s.Final).ThenBy(s => position[s.Id]).ToList();
        for (var i = 0; i < rescored.Count; i++)
        {
            rerank[rescored[i].Id] = (i + 1, rescored[i].Probability);
            final[rescored[i].Id] = (i + 1, rescored[i].Final);
        }

        order = [.. rescored.Select(s => s.Id).Concat(order.Where(id => !rerank.ContainsKey(id)))];
        for (var i = rescored.Count; i < order.Count; i++)
        {
            final[order[i]] = (i + 1, fused[order[i]].Score);
        }

        return order;
    }

    public CutoffCandidate Candidate(long id) =>
        new(id, FinalScore(id), vector.TryGetValue(id, out var v) ? v.Score : null, keyword.ContainsKey(id) || tags?.ContainsKey(id) == true);

    public void SetCut(IReadOnlyList<CutoffCandidate> kept)
    {
        for (var i = 0; i < kept.Count; i++)
        {
            cut[kept[i].Id] = i + 1;
        }
    }

    public RankedHit Hit(long id, bool explain)
    {
        var (path, payload) = sources[id];
        List<StageScore> stages = [Stage("vector", vector, id), Stage("keyword", keyword, id)];
        if (tags is not null)
        {
            stages.Add(Stage("tags", tags, id));
        }

        // Once a rerank ran, every hit says where its final score came from: fused + weight × match probability.
        if (explain || final.Count > 0)
        {
            stages.Add(Stage("fused", fused, id));
        }

        if (final.Count > 0)
        {
            stages.Add(Stage("rerank", rerank, id));
            stages.Add(Stage("final", final, id));
        }

        if (explain)
        {
            stages.Add(cut.TryGetValue(id, out var rank) ? new StageScore("cut", rank, FinalScore(id)) : new StageScore("cut", null, null));
        }

        return new RankedHit(id, path, FinalScore(id), payload) { Stages = stages };
    }

    private double FinalScore(long id) => final.TryGetValue(id, out var f) ? f.Score : fused[id].Score;

    private static StageScore Stage(string name, Dictionary<long, (int Rank, double Score)> stage, long id) =>
        stage.TryGetValue(id, out var entry) ? new StageScore(name, entry.Rank, entry.Score) : new StageScore(name, null, null);

    private static void Fill(Dictionary<long, (int Rank, double Score)> stage, IReadOnlyList<RetrieverHit> hits)
    {
        for (var i = 0; i < hits.Count; i++)
        {
            stage.TryAdd(hits[i].Id, (i + 1, hits[i].Score));
        }
    }
}
