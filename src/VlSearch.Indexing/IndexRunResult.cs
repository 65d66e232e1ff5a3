namespace VlSearch.Indexing;

/// <summary>What an indexing run did, for summaries and tests.</summary>
public sealed record IndexRunResult
{
    public required string Library { get; init; }

    public required string Model { get; init; }

    /// <summary>Photo files found by the scan.</summary>
    public long Scanned { get; init; }

    /// <summary>Files whose size and modification time had not changed and that already had a vector.</summary>
    public long Unchanged { get; init; }

    /// <summary>Files that were decoded and run through the encoder.</summary>
    public long Embedded { get; init; }

    /// <summary>Files that got a stored vector without encoding (moved, renamed or identical content).</summary>
    public long Reused { get; init; }

    /// <summary>Catalogued photos whose files are gone; removed from the catalog and the index.</summary>
    public long Removed { get; init; }

    /// <summary>Files that could not be indexed (reasons are in the catalog).</summary>
    public long Failed { get; init; }

    /// <summary>Files skipped because they failed before and have not changed since.</summary>
    public long SkippedKnownBad { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary><see cref="Elapsed"/> in seconds, for machine readers.</summary>
    public double Seconds => Math.Round(Elapsed.TotalSeconds, 3);
}
