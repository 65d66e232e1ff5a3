namespace VlSearch.Web.Services;

/// <summary>What an admin job does.</summary>
public static class JobKinds
{
    /// <summary>Scan libraries and embed new or changed photos (incremental).</summary>
    public const string ReindexMissing = "reindex-missing";

    /// <summary>Forget the active model's vectors and embed every photo again.</summary>
    public const string ReindexAll = "reindex-all";

    /// <summary>Caption the photos that have no caption yet (needs <c>Answers:Captioning</c>).</summary>
    public const string CaptionsMissing = VlSearch.Jobs.IndexJobKinds.CaptionsMissing;

    /// <summary>Caption every photo again (needs <c>Answers:Captioning</c>).</summary>
    public const string CaptionsAll = VlSearch.Jobs.IndexJobKinds.CaptionsAll;

    /// <summary>The kinds, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [ReindexMissing, ReindexAll, CaptionsMissing, CaptionsAll];

    public static bool IsKnown(string? kind) => kind is ReindexMissing or ReindexAll or CaptionsMissing or CaptionsAll;

    /// <summary>Caption jobs cover the whole catalog and talk to a model service.</summary>
    public static bool IsCaptions(string? kind) => kind is CaptionsMissing or CaptionsAll;
}
