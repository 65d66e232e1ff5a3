using VlSearch.Core;
using VlSearch.Core.Matching;
using VlSearch.Search.Querying;

namespace VlSearch.Search.Ranking;

/// <summary>
/// The rerank stage of an image–text matcher (a BLIP-ITM style cross-encoder): the query's text against each top
/// hit's image features. Features come from the features store in one read; a hit without them is decoded and
/// run through the vision graph on the spot (at most <see cref="MaxExtractedPerQuery"/> per query, so a library
/// whose features are still being computed does not make a search slow) and its features are stored for next time.
/// Hits it cannot score (no features, an unreadable file) are left out and keep their fused order.
/// </summary>
public sealed class MatcherRerankStage : IRerankStage
{
    /// <summary>Default bound of on-the-fly feature extractions per query.</summary>
    public const int DefaultMaxExtractedPerQuery = 16;

    private readonly RerankerModel reranker;
    private readonly IImageFeatureStore? store;
    private readonly IPhotoDecoder decoder;
    private readonly IImagePreprocessor preprocessor;

    /// <param name="reranker">The installed matcher, loaded once.</param>
    /// <param name="store">Stored image features; null where none is registered (every hit is then extracted, within the bound).</param>
    /// <param name="decoder">Decodes photos whose features are not stored.</param>
    /// <param name="preprocessor">Turns them into the vision graph's input, as the indexer does.</param>
    /// <param name="maxExtractedPerQuery">Most photos one query may decode and extract features of.</param>
    public MatcherRerankStage(RerankerModel reranker, IImageFeatureStore? store, IPhotoDecoder decoder, IImagePreprocessor preprocessor, int maxExtractedPerQuery = DefaultMaxExtractedPerQuery)
    {
        ArgumentNullException.ThrowIfNull(reranker);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentOutOfRangeException.ThrowIfNegative(maxExtractedPerQuery);
        this.reranker = reranker;
        this.store = store;
        this.decoder = decoder;
        this.preprocessor = preprocessor;
        MaxExtractedPerQuery = maxExtractedPerQuery;
    }

    /// <summary>Most photos one query decodes and extracts features of when they are not stored.</summary>
    public int MaxExtractedPerQuery { get; }

    /// <summary>
    /// The text a matcher reads for <paramref name="query"/>: its free text and added words (the positive text terms),
    /// without filters, exclusions or <c>like:</c> images; empty when there is none.
    /// </summary>
    public static string MatchText(ParsedQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return string.Join(' ', query.VectorTerms.Where(t => t.Kind == QueryTermKind.Text && t.Weight > 0).Select(t => t.Value.Trim()).Where(t => t.Length > 0));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RerankScore>> RerankAsync(ParsedQuery query, IEmbeddingModel model, IReadOnlyList<RankedHit> hits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(hits);
        var text = MatchText(query);
        if (text.Length == 0)
        {
            throw new RerankSkippedException("the query has no text to match (only like: images or filters)");
        }

        var matcher = reranker.Get();
        var length = matcher.FeatureLength;
        var ids = hits.Select(h => h.Id).Distinct().ToList();
        var features = new Dictionary<long, float[]>();
        if (store is not null && ids.Count > 0)
        {
            foreach (var (id, stored) in await store.GetAsync(matcher.Id, ids, cancellationToken))
            {
                // Features of another shape belong to a different model build: extract them again.
                if (stored.Length == length)
                {
                    features[id] = stored;
                }
            }
        }

        var missing = hits.Where(h => !features.ContainsKey(h.Id)).DistinctBy(h => h.Id).Take(MaxExtractedPerQuery).ToList();
        if (missing.Count > 0)
        {
            var extracted = Extract(matcher, missing, cancellationToken);
            foreach (var (id, vector) in extracted)
            {
                features[id] = vector;
            }

            if (store is not null && extracted.Count > 0)
            {
                await store.PutAsync(matcher.Id, extracted, cancellationToken);
            }
        }

        var scored = ids.Where(features.ContainsKey).ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var block = new float[scored.Count * length];
        for (var i = 0; i < scored.Count; i++)
        {
            features[scored[i]].CopyTo(block.AsSpan(i * length, length));
        }

        var probabilities = new float[scored.Count];
        matcher.Match(text, block, scored.Count, probabilities);
        return [.. scored.Select((id, i) => new RerankScore(id, probabilities[i]))];
    }

    /// <summary>Decodes and preprocesses each photo as the indexer does, then one vision pass; unreadable photos are left out.</summary>
    private List<KeyValuePair<long, float[]>> Extract(IImageTextMatcher matcher, List<RankedHit> photos, CancellationToken cancellationToken)
    {
        var spec = matcher.Preprocess;
        var pixels = new float[photos.Count * spec.TensorLength];
        var decoded = new List<long>();
        foreach (var photo in photos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var image = decoder.Decode(photo.Path, spec.MinimumDecodeEdge, cancellationToken).Image;
                preprocessor.Preprocess(image, spec, pixels.AsSpan(decoded.Count * spec.TensorLength, spec.TensorLength));
                decoded.Add(photo.Id);
            }
            catch (Exception e) when (e is PhotoDecodeException or IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or ArgumentException)
            {
                // The photo moved or cannot be read: it keeps its fused place.
            }
        }

        if (decoded.Count == 0)
        {
            return [];
        }

        var length = matcher.FeatureLength;
        var output = new float[decoded.Count * length];
        matcher.ExtractFeatures(pixels.AsSpan(0, decoded.Count * spec.TensorLength), decoded.Count, output);
        return [.. decoded.Select((id, i) => new KeyValuePair<long, float[]>(id, output.AsSpan(i * length, length).ToArray()))];
    }
}
