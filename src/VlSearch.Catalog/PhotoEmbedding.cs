namespace VlSearch.Catalog;

/// <summary>
/// The embedding of one photo by one model. The stored vector is the source of truth: vector indexes are rebuilt
/// from these rows. The key is (<see cref="PhotoId"/>, <see cref="ModelId"/>).
/// </summary>
public sealed class PhotoEmbedding
{
    public long PhotoId { get; set; }

    /// <summary>Identifier of the model that produced the vector.</summary>
    public required string ModelId { get; set; }

    /// <summary>Number of floats in <see cref="Vector"/>.</summary>
    public int Dimension { get; set; }

    /// <summary>float32 values, little-endian (see <see cref="EmbeddingCodec"/>).</summary>
    public required byte[] Vector { get; set; }

    /// <summary>Content hash of the file when it was embedded; a different current hash means the vector is stale.</summary>
    public required string ContentHash { get; set; }

    /// <summary>UTC; filled on insert when left at its default.</summary>
    public DateTime EmbeddedAt { get; set; }

    /// <summary>When the vector was written to the vector index; <see langword="null"/> while it is not.</summary>
    public DateTime? IndexedAt { get; set; }

    public Photo? Photo { get; set; }
}
