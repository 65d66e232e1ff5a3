namespace VlSearch.Catalog;

/// <summary>
/// A vector that must leave the vector index. It is written in the same transaction as the catalog change that made
/// the vector stale (a photo's content changed, so its other models' vectors describe the old picture) and deleted
/// once the index no longer holds the vector, so a worker that does not own the index, or a crash in between, cannot
/// leave a stale vector behind.
/// </summary>
public sealed class IndexRemoval
{
    public long Id { get; set; }

    public required string ModelId { get; set; }

    public long PhotoId { get; set; }

    /// <summary>UTC; filled on insert when left at its default.</summary>
    public DateTime RequestedAt { get; set; }
}
