using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Search.Querying;

namespace VlSearch.Search.Ranking;

/// <summary>
/// The vector side of a query: each term embedded (text through the text encoder, <c>like:</c> through the stored
/// vector of a catalogued photo, or an image file where the host allows reading files, <c>imagine:</c> through the
/// host's <see cref="IQueryImagination"/>), each normalized, summed with
/// its weight and normalized again; then nearest neighbours in the model's collection.
/// </summary>
internal sealed class VectorRetriever(IVectorIndex index, IDbContextFactory<CatalogDbContext> catalog, PhotoSearch photos, IQueryImagination? imagination)
{
    /// <summary>The query vector, or null when the query has no vector terms.</summary>
    public async Task<QueryVector?> EmbedAsync(ParsedQuery query, IEmbeddingModel model, bool allowFiles, CancellationToken cancellationToken)
    {
        if (query.VectorTerms.Count == 0)
        {
            return null;
        }

        var texts = query.VectorTerms.Where(t => t.Kind == QueryTermKind.Text).ToList();
        float[][] encoded = [];
        if (texts.Count > 0)
        {
            if (model.Text is null)
            {
                throw new ArgumentException($"The model '{model.Id}' has no text encoder; it can only search by image (like:<photo>).", nameof(query));
            }

            encoded = model.Text.Encode([.. texts.Select(t => t.Value.Trim())]);
        }

        var sum = new float[model.Dimension];
        var liked = new HashSet<long>();
        var next = 0;
        foreach (var term in query.VectorTerms)
        {
            float[] vector;
            if (term.Kind == QueryTermKind.Text)
            {
                vector = encoded[next++];
            }
            else if (term.Kind == QueryTermKind.Imagined)
            {
                vector = await ImaginedAsync(term, model, cancellationToken);
            }
            else
            {
                var (image, photoId) = await ImageAsync(term, model, allowFiles, cancellationToken);
                vector = image;
                if (photoId is { } id && term.Weight > 0)
                {
                    liked.Add(id);
                }
            }

            if (vector.Length != sum.Length)
            {
                throw new ArgumentException($"The vector of '{term.Value}' has {vector.Length} values; the model '{model.Id}' has {sum.Length}.", nameof(query));
            }

            var unit = (float[])vector.Clone();
            VectorMath.NormalizeInPlace(unit);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += term.Weight * unit[i];
            }
        }

        VectorMath.NormalizeInPlace(sum);
        return new QueryVector(sum, liked);
    }

    /// <summary>
    /// Nearest neighbours of <paramref name="vector"/>, best first; empty when the collection is. A text-only query
    /// (<paramref name="textOnly"/>) is scored on the model's scale (a SigLIP probability); image terms keep the cosine,
    /// which the model's calibration does not cover.
    /// </summary>
    public async Task<IReadOnlyList<ScoredPhoto>> SearchAsync(IEmbeddingModel model, float[] vector, int depth, PhotoFilter? filter, bool textOnly, CancellationToken cancellationToken)
    {
        var collection = new CollectionSpec(model.Id, model.Dimension).Name;
        if (await index.CountAsync(collection, cancellationToken) == 0)
        {
            return [];
        }

        var hits = await index.SearchAsync(collection, new VectorSearchRequest(vector, depth) { Filter = filter }, cancellationToken);
        return textOnly ? model.Scale.Apply(hits) : hits;
    }

    private async Task<(float[] Vector, long? PhotoId)> ImageAsync(QueryTerm term, IEmbeddingModel model, bool allowFiles, CancellationToken cancellationToken)
    {
        var value = term.Value.Trim();
        long? id = long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        string? fullPath = null;
        if (id is null)
        {
            try
            {
                fullPath = Path.GetFullPath(value);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                throw new QuerySyntaxException($"like:{value} is neither a photo id nor a path ({e.Message})", term.Position, Math.Max(1, term.Value.Length));
            }

            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            id = await db.Photos.AsNoTracking().Where(p => p.Path == fullPath).Select(p => (long?)p.Id).FirstOrDefaultAsync(cancellationToken);
        }

        if (id is { } photoId)
        {
            var stored = await StoredVectorAsync(model, photoId, cancellationToken);
            if (stored is not null)
            {
                return (stored, photoId);
            }

            if (fullPath is null)
            {
                throw new QuerySyntaxException($"like:{photoId}: no catalogued photo has this id with a vector of the model '{model.Id}'.", term.Position, Math.Max(1, term.Value.Length));
            }
        }

        if (!allowFiles)
        {
            throw new QuerySyntaxException($"like:{value} is not a catalogued photo: search by the id or path of an indexed photo.", term.Position, Math.Max(1, term.Value.Length));
        }

        return (photos.EmbedImage(model, fullPath!, cancellationToken), null);
    }

    /// <summary>
    /// The picture of an <c>imagine:</c> term. Without a text-to-image service the term is bad input, not a server
    /// failure, so it is refused as the query's error at the term; a service that fails is the caller's 502/503/504.
    /// </summary>
    private async Task<float[]> ImaginedAsync(QueryTerm term, IEmbeddingModel model, CancellationToken cancellationToken)
    {
        const string Setup = "set Answers:Imagine:Enabled, Provider, Endpoint and Model";
        if (imagination is null)
        {
            throw new QuerySyntaxException($"imagine: needs a text-to-image service, and this host has none ({Setup}).", term.Position, "imagine:".Length);
        }

        try
        {
            return await imagination.EmbedAsync(term.Value, model, cancellationToken);
        }
        catch (Core.Answers.AnswerProviderException e) when (e.Failure == Core.Answers.AnswerFailure.NotConfigured)
        {
            throw new QuerySyntaxException($"imagine: needs a text-to-image service: {e.Message}", term.Position, "imagine:".Length);
        }
    }

    private Task<float[]?> StoredVectorAsync(IEmbeddingModel model, long photoId, CancellationToken cancellationToken) =>
        new PhotoVectors(index, catalog).FindAsync(model, photoId, cancellationToken);
}
