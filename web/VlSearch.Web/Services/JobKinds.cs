namespace VlSearch.Web.Services;

/// <summary>What an admin job does.</summary>
public static class JobKinds
{
    /// <summary>Scan libraries and embed new or changed photos (incremental).</summary>
    public const string ReindexMissing = "reindex-missing";

    /// <summary>Forget the active model's vectors and embed every photo again.</summary>
    public const string ReindexAll = "reindex-all";

    public static bool IsKnown(string? kind) => kind is ReindexMissing or ReindexAll;
}
