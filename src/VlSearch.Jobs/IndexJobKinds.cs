namespace VlSearch.Jobs;

/// <summary>Values of <see cref="Catalog.IndexJob.Kind"/> for the jobs of this project.</summary>
public static class IndexJobKinds
{
    /// <summary>Incremental scan (watcher, schedule): embeds what is new or changed, removes what vanished.</summary>
    public const string Scan = "scan";

    /// <summary>Embeds every photo of a library that has no vector for the model.</summary>
    public const string ReindexMissing = "reindex-missing";

    /// <summary>Forgets the model's vectors of a library and embeds every photo again; other models are untouched.</summary>
    public const string ReindexAll = "reindex-all";

    /// <summary>Removes photos whose files are gone.</summary>
    public const string RemoveVanished = "remove-vanished";

    /// <summary>Rebuilds a model's vector index from the vectors stored in the catalog, without embedding.</summary>
    public const string RebuildIndex = "rebuild-index";

    /// <summary>
    /// Rebuilds the keyword index of a library's photos (names, folders, camera, tags, captions, sidecar text) from
    /// the catalog and the sidecar files, without embedding; recreates the index when it was dropped.
    /// </summary>
    public const string Keywords = "keywords";

    /// <summary>
    /// Extracts and stores the image features of the installed reranker (image–text matcher) for every photo that
    /// misses them; queued after a scan that changed the catalog when a reranker is installed.
    /// </summary>
    public const string FeaturesMissing = "features-missing";

    /// <summary>Extracts the installed reranker's image features of every photo again.</summary>
    public const string FeaturesAll = "features-all";

    /// <summary>Asks the captioning model (Answers:Captioning) for a caption of every photo that has none of its own for the current content.</summary>
    public const string CaptionsMissing = "captions-missing";

    /// <summary>Captions every photo again (captions a person wrote are kept).</summary>
    public const string CaptionsAll = "captions-all";

    /// <summary>
    /// Tags every photo that misses them with the zero-shot labels of the active CLIP-family model; queued after a
    /// scan that changed the catalog.
    /// </summary>
    public const string TagsMissing = "tags-missing";

    /// <summary>Tags every photo with zero-shot labels again.</summary>
    public const string TagsAll = "tags-all";

    /// <summary>
    /// Tags every photo that misses them with the installed object-and-attribute detector; queued after a scan that
    /// changed the catalog when a detector is installed.
    /// </summary>
    public const string ObjectsMissing = "objects-missing";

    /// <summary>Tags every photo with the installed detector again.</summary>
    public const string ObjectsAll = "objects-all";

    /// <summary>
    /// Bookkeeping row of one finished embedding batch (its <c>Message</c> names the batch); not listed as a
    /// job, it makes progress counting exact when a batch runs twice.
    /// </summary>
    public const string Batch = "batch";

    /// <summary>Every kind a user may start.</summary>
    public static IReadOnlyList<string> All { get; } = [Scan, ReindexMissing, ReindexAll, RemoveVanished, RebuildIndex, Keywords, FeaturesMissing, FeaturesAll, CaptionsMissing, CaptionsAll, TagsMissing, TagsAll, ObjectsMissing, ObjectsAll];

    internal static bool NeedsModel(string kind) => kind is not (RemoveVanished or Keywords or FeaturesMissing or FeaturesAll or CaptionsMissing or CaptionsAll) && !IsEnrichment(kind);

    internal static bool NeedsLibrary(string kind) => kind is not (RebuildIndex or FeaturesMissing or FeaturesAll or CaptionsMissing or CaptionsAll) && !IsEnrichment(kind);

    /// <summary>Whether the kind runs an enrichment stage (<c>{stage}-missing</c> or <c>{stage}-all</c>).</summary>
    internal static bool IsEnrichment(string kind) => kind is TagsMissing or TagsAll or ObjectsMissing or ObjectsAll;

    /// <summary>The job kind that runs a stage over the photos missing it, or over all.</summary>
    public static string ForStage(string stage, bool all) => $"{stage}-{(all ? "all" : "missing")}";

    internal static bool IsFeatures(string kind) => kind is FeaturesMissing or FeaturesAll;
}
