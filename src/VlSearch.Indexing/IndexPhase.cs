namespace VlSearch.Indexing;

/// <summary>Stages of an indexing run, in order.</summary>
public enum IndexPhase
{
    Scanning,
    Hashing,
    Removing,
    Embedding,
    Saving,

    /// <summary>Extracting the image features of an installed reranker, after the photos are indexed.</summary>
    Features,
    Done,
}
