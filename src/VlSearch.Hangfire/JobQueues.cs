namespace VlSearch.Hangfire;

/// <summary>Hangfire queues: index work runs only where the vector index is owned, embedding anywhere.</summary>
public static class JobQueues
{
    /// <summary>Scans, removals, rebuilds: they write the vector index.</summary>
    public const string Index = "vlsearch_index";

    /// <summary>Embedding batches: they write only the catalog (and Qdrant, which every worker may write).</summary>
    public const string Embed = "default";
}
