namespace VlSearch.Indexing;

/// <summary>What a run of <see cref="MatcherFeatureIndexer"/> did.</summary>
public sealed class FeatureRunResult
{
    /// <summary>Identifier of the matcher.</summary>
    public required string Matcher { get; init; }

    /// <summary>Photos whose features were extracted and stored.</summary>
    public long Extracted { get; init; }

    /// <summary>Photos that failed (recorded as file errors of stage <c>features</c>).</summary>
    public long Failed { get; init; }

    /// <summary>Photos skipped because they failed before and their file has not changed since.</summary>
    public long SkippedKnownBad { get; init; }

    /// <summary>Whether stored features were dropped first because the matcher's model files changed.</summary>
    public bool ModelChanged { get; init; }

    /// <summary>Photos with current features of the matcher after the run.</summary>
    public int Stored { get; init; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; init; }
}
