namespace VlSearch.Indexing;

/// <summary>
/// Names under which indexing reports its encodes, for metric listeners and log filters. Every successful encoder
/// call adds its file count to <see cref="EncodedCounter"/> (tag <see cref="ModelTag"/>) and, with Debug enabled for
/// <see cref="EncodeLogCategory"/>, logs one line <c>Encoded TAB model TAB path</c> per file, so encodes in
/// out-of-process workers can be counted from their logs (<c>Logging:LogLevel:VlSearch.Indexing.Encodes=Debug</c>).
/// </summary>
public static class IndexingDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name.</summary>
    public const string MeterName = "VlSearch.Indexing";

    /// <summary>Counter of files run through an encoder successfully.</summary>
    public const string EncodedCounter = "vlsearch.indexing.photos.encoded";

    /// <summary>Histogram of decode + preprocess time per photo, in milliseconds.</summary>
    public const string DecodeDuration = "vlsearch.indexing.decode.duration";

    /// <summary>Histogram of image encoder time per batch, in milliseconds (tags: model, photos).</summary>
    public const string EncodeDuration = "vlsearch.indexing.encode.duration";

    /// <summary>Counter of files that could not be indexed (tag <see cref="StageTag"/>: scan, decode, embed).</summary>
    public const string FailedCounter = "vlsearch.indexing.photos.failed";

    /// <summary>Tag of <see cref="FailedCounter"/> naming the stage that failed.</summary>
    public const string StageTag = "stage";

    /// <summary>Name of <see cref="Source"/>.</summary>
    public const string ActivitySourceName = "VlSearch.Indexing";

    /// <summary>Spans of an index run: the run, and each encoder batch.</summary>
    public static readonly System.Diagnostics.ActivitySource Source = new(ActivitySourceName);

    /// <summary>Tag of <see cref="EncodedCounter"/> that holds the model id.</summary>
    public const string ModelTag = "model";

    /// <summary>Logger category of the per-file encode messages (Debug level).</summary>
    public const string EncodeLogCategory = "VlSearch.Indexing.Encodes";
}
