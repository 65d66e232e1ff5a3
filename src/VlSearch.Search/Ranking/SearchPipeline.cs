using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;
using VlSearch.Core;
using VlSearch.Search.Querying;

namespace VlSearch.Search.Ranking;

/// <summary>
/// The ranking pipeline: retrieve (vector; keyword; tags) → filter → fuse → rerank → cut → page, each stage timed. Fusion
/// happens here, never in the vector index, so the embedded index and a server rank alike.
/// </summary>
public sealed class SearchPipeline : ISearchPipeline
{
    private readonly IDbContextFactory<CatalogDbContext> catalog;
    private readonly VectorRetriever vectors;
    private readonly KeywordRetriever keywords;
    private readonly ScoreFloorCalibrator floors;
    private readonly SearchOptions options;
    private readonly IRerankStage? reranker;

    public SearchPipeline(
        IVectorIndex index,
        IDbContextFactory<CatalogDbContext> catalog,
        PhotoSearch photos,
        ScoreFloorCalibrator floors,
        SearchOptions options,
        IRerankStage? reranker = null,
        IQueryImagination? imagination = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.catalog = catalog;
        vectors = new VectorRetriever(index, catalog, photos, imagination);
        keywords = new KeywordRetriever(new KeywordSearch(catalog));
        this.floors = floors;
        this.options = options;
        this.reranker = reranker;
    }

    /// <inheritdoc />
    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = SearchPlan.Create(request, options, reranker is not null);
        var query = request.Query;
        var filter = CandidateFilter.Create(query, request.Filter);
        var timings = new List<StageTiming>();
        var clock = Stopwatch.StartNew();

        if (!query.HasRankingTerms)
        {
            var listed = await ListAsync(filter, request.Offset + request.K, cancellationToken);
            timings.Add(Lap("list", clock));
            return new SearchResults([.. listed.Skip(request.Offset).Take(request.K)], 0, timings);
        }

        // Vector side.
        IReadOnlyList<ScoredPhoto> vectorHits = [];
        IReadOnlySet<long> liked = new HashSet<long>();
        if (plan.Stages.HasFlag(SearchStages.Vector) && await vectors.EmbedAsync(query, request.Model, request.AllowImageFiles, cancellationToken) is { } queryVector)
        {
            liked = queryVector.LikedPhotos;
            vectorHits = await vectors.SearchAsync(request.Model, queryVector.Vector, plan.Depth + liked.Count, filter.IndexFilter,
                query.VectorTerms.All(t => t.Kind == QueryTermKind.Text), cancellationToken);
            timings.Add(Lap("vector", clock));
        }

        // Keyword side, and the phrase sets that bind both sides.
        IReadOnlyList<KeywordHit> keywordHits = [];
        IReadOnlyList<KeywordHit>? tagHits = null;
        var keywordQuery = KeywordRetriever.RankingQuery(query, filter.IsEmpty ? plan.Depth : plan.Depth * 5);
        if (plan.Stages.HasFlag(SearchStages.Keyword) && keywordQuery is not null)
        {
            if (plan.Stages.HasFlag(SearchStages.Vector))
            {
                // Fused with the vector side, tag matches rank as a list of their own. Mixed into one keyword score, a
                // tag word ("blue", "ring") lifts every photo of that subject from other events above the event's own
                // photos that the folder name matched; as separate lists, a photo matching both ranks high in both.
                keywordHits = await keywords.SearchAsync(keywordQuery with { Fields = KeywordFields.WithoutTags }, cancellationToken);
                tagHits = await keywords.SearchAsync(keywordQuery with { Fields = KeywordFields.Tags }, cancellationToken);
            }
            else
            {
                keywordHits = await keywords.SearchAsync(keywordQuery, cancellationToken);
            }
        }

        var required = await keywords.RequiredAsync(query, cancellationToken);
        var excluded = await keywords.ExcludedAsync(query, cancellationToken);
        if (plan.Stages.HasFlag(SearchStages.Keyword) || required is not null || excluded is not null)
        {
            timings.Add(Lap("keyword", clock));
        }

        if (plan.Stages == SearchStages.Keyword && keywordQuery is null)
        {
            throw new QuerySyntaxException("The query has no words for the keyword index: keywords are letters and digits.", 0, Math.Max(1, query.Text.Length));
        }

        bool Allowed(long id) => !liked.Contains(id) && (required is null || required.Contains(id)) && (excluded is null || !excluded.Contains(id));
        var vectorKept = vectorHits.Where(h => Allowed(h.Id)).ToList();
        var keywordKept = keywordHits.Where(h => Allowed(h.PhotoId)).ToList();
        var tagKept = tagHits?.Where(h => Allowed(h.PhotoId)).ToList();

        // One catalog read: rows of keyword and tag hits (payloads, filters) and, when a filter needs the catalog, of vector hits.
        var needed = keywordKept.Select(h => h.PhotoId).Concat(tagKept?.Select(h => h.PhotoId) ?? []);
        if (filter.HasPostConditions)
        {
            needed = needed.Concat(vectorKept.Select(h => h.Id));
        }

        var rows = await LoadAsync([.. needed.Distinct()], cancellationToken);
        if (filter.HasPostConditions)
        {
            vectorKept = [.. vectorKept.Where(h => rows.TryGetValue(h.Id, out var photo) && filter.Matches(photo, withIndexFilter: false))];
        }

        keywordKept = [.. keywordKept.Where(h => rows.TryGetValue(h.PhotoId, out var photo) && filter.Matches(photo, withIndexFilter: true)).Take(plan.Depth)];
        if (vectorKept.Count > 0 && options.KeywordFloor > 0 && keywordKept.Count > 0 && keywordKept.Max(h => h.Score) is > 0 and var best)
        {
            keywordKept = [.. keywordKept.Where(h => h.Score >= options.KeywordFloor * best)];
        }

        tagKept = tagKept is null ? null : [.. tagKept.Where(h => rows.TryGetValue(h.PhotoId, out var photo) && filter.Matches(photo, withIndexFilter: true)).Take(plan.Depth)];
        timings.Add(Lap("filter", clock));

        // Fuse.
        var vectorList = new RetrieverList("vector", plan.VectorWeight, [.. vectorKept.Take(plan.Depth).Select(h => new RetrieverHit(h.Id, h.Score))]);
        var keywordList = new RetrieverList("keyword", plan.KeywordWeight, [.. keywordKept.Select(h => new RetrieverHit(h.PhotoId, h.Score))]);
        // A query that no photo's tags match ranks with two lists, and its hits show no tags stage.
        var tagList = tagKept is not { Count: > 0 } ? null : new RetrieverList("tags", plan.KeywordWeight, [.. tagKept.Select(h => new RetrieverHit(h.PhotoId, h.Score))]);
        var fused = RankFusion.Fuse(tagList is null ? [vectorList, keywordList] : [vectorList, keywordList, tagList], plan.Fusion);
        timings.Add(Lap("fuse", clock));

        var board = new ScoreBoard(vectorList, keywordList, tagList, fused);
        foreach (var hit in vectorKept)
        {
            board.AddSource(hit.Id, hit.Payload.Path, hit.Payload);
        }

        foreach (var hit in tagKept is null ? keywordKept : keywordKept.Concat(tagKept))
        {
            board.AddSource(hit.PhotoId, rows[hit.PhotoId].Path, PhotoPayloads.From(rows[hit.PhotoId], rows[hit.PhotoId].Library?.Name));
        }

        // Rerank: a reranker that cannot score this query, or fails, leaves the fused order and says why.
        var ranked = board.Ranked();
        RerankStatus? rerankStatus = plan.RerankUnavailable is { } unavailable ? RerankStatus.Skipped(unavailable) : null;
        if (plan.Stages.HasFlag(SearchStages.Rerank) && ranked.Count > 0)
        {
            var top = ranked.Take(plan.RerankDepth).Select(id => board.Hit(id, explain: false)).ToList();
            rerankStatus = await RerankAsync(query, request.Model, top, board, cancellationToken);
            ranked = board.Ranked();
            timings.Add(Lap("rerank", clock));
        }
        else if (plan.Stages.HasFlag(SearchStages.Rerank))
        {
            rerankStatus = RerankStatus.Skipped("nothing to rerank");
        }

        // Cut.
        double? floor = plan.Cutoff.Mode == SearchCutoffMode.Auto && vectorList.Hits.Count > 0
            ? await floors.GetFloorAsync(request.Model, cancellationToken)
            : null;
        var kept = ScoreCutoff.Apply([.. ranked.Select(board.Candidate)], plan.Cutoff, floor, options.CutoffWindow, options.CutoffMinimumDrop, options.CutoffMinimumKept);
        board.SetCut(kept);
        timings.Add(Lap("cut", clock));

        // Page.
        var page = kept.Skip(request.Offset).Take(request.K).Select(c => board.Hit(c.Id, request.Explain)).ToList();
        timings.Add(Lap("page", clock));
        return new SearchResults(page, ranked.Count - kept.Count, timings) { Rerank = rerankStatus };
    }

    private async Task<RerankStatus> RerankAsync(ParsedQuery query, IEmbeddingModel model, List<RankedHit> top, ScoreBoard board, CancellationToken cancellationToken)
    {
        IReadOnlyList<RerankScore> scores;
        try
        {
            scores = await reranker!.RerankAsync(query, model, top, cancellationToken);
        }
        catch (RerankSkippedException e)
        {
            return RerankStatus.Skipped(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A reranker is an optional extra: its failure must never cost the user the answer.
            return RerankStatus.Skipped($"the reranker failed: {e.Message}");
        }

        board.ApplyRerank(scores, options.RerankWeight);
        var rescored = scores.Where(s => double.IsFinite(s.Probability)).Select(s => s.Id).ToHashSet();
        var scored = top.Count(h => rescored.Contains(h.Id));
        if (scored == 0)
        {
            return RerankStatus.Skipped("the reranker scored none of the hits");
        }

        return scored < top.Count
            ? RerankStatus.Done(scored, $"{top.Count - scored} of the top {top.Count} could not be scored and keep their fused order")
            : RerankStatus.Done(scored);
    }

    private static StageTiming Lap(string stage, Stopwatch clock)
    {
        var timing = new StageTiming(stage, clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        return timing;
    }

    private async Task<Dictionary<long, Photo>> LoadAsync(List<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Photos.AsNoTracking().Include(p => p.Library).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
    }

    /// <summary>A query with filters only: matching photos, most recently catalogued first, all scored 0.</summary>
    private async Task<List<RankedHit>> ListAsync(CandidateFilter filter, int count, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var photos = db.Photos.AsNoTracking().Include(p => p.Library).AsQueryable();
        if (filter.IndexFilter is { } index)
        {
            // What SQL can narrow cheaply; every condition is checked again in full below.
            if (index.Libraries is { } libraries)
            {
                photos = photos.Where(p => libraries.Contains(p.Library!.Name));
            }

            if (index.TakenFrom is { } from)
            {
                photos = photos.Where(p => p.TakenAt >= from);
            }

            if (index.TakenTo is { } to)
            {
                photos = photos.Where(p => p.TakenAt <= to);
            }
        }

        var hits = new List<RankedHit>();
        await foreach (var photo in photos.OrderByDescending(p => p.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (filter.Matches(photo, withIndexFilter: true))
            {
                hits.Add(new RankedHit(photo.Id, photo.Path, 0, PhotoPayloads.From(photo, photo.Library?.Name)) { Stages = [new StageScore("list", hits.Count + 1, 0)] });
                if (hits.Count >= count)
                {
                    break;
                }
            }
        }

        return hits;
    }
}
