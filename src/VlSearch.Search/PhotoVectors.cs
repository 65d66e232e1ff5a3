using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Search;

/// <summary>A catalogued photo's vector, for "more like this".</summary>
public sealed class PhotoVectors(IVectorIndex index, IDbContextFactory<CatalogDbContext> catalog)
{
    /// <summary>
    /// The photo's vector in the model's space: from the index, else from the catalog (it stores every vector, so a
    /// photo whose vector is still on its way to the index is found too); null when the model has none for it.
    /// </summary>
    public async Task<float[]?> FindAsync(IEmbeddingModel model, long photoId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var vector = (await index.GetAsync(CollectionNames.ForModel(model.Id), photoId, cancellationToken))?.Vector;
        if (vector is not null)
        {
            return vector;
        }

        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var stored = await db.Embeddings.AsNoTracking().FirstOrDefaultAsync(e => e.PhotoId == photoId && e.ModelId == model.Id, cancellationToken);
        return stored is null ? null : EmbeddingCodec.Decode(stored);
    }
}
