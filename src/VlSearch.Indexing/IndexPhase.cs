namespace VlSearch.Indexing;

/// <summary>Stages of an indexing run, in order.</summary>
public enum IndexPhase
{
    Scanning,
    Hashing,
    Removing,
    Embedding,
    Saving,
    Done,
}
