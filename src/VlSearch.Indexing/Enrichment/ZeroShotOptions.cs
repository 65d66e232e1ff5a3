using System.ComponentModel.DataAnnotations;

namespace VlSearch.Indexing.Enrichment;

/// <summary>Zero-shot tagging, bound from the <c>Tags</c> configuration section.</summary>
public sealed class ZeroShotOptions
{
    public const string SectionName = "Tags";

    /// <summary>Whether the indexer runs the zero-shot tag stage (a model without a text tower never does).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether jobs tag new photos by themselves after each scan. Off by default: with the offline vlsearch-tiny model,
    /// zero-shot tags name little more than colours and lower hybrid search quality (README, "Tags");
    /// turn it on with a CLIP model, or run <c>vlsearch tags run</c> / the <c>tags-missing</c> job by hand.
    /// </summary>
    public bool QueueAfterScan { get; set; }

    /// <summary>Most zero-shot tags kept per photo.</summary>
    [Range(1, 50)]
    public int MaxTags { get; set; } = 5;

    /// <summary>
    /// A label is kept for a photo when its score there lies this many standard deviations above the label's mean
    /// score over the library (the per-label threshold, calibrated on the library's own score distribution).
    /// </summary>
    [Range(0.0, 10.0)]
    public double MinZ { get; set; } = 2.0;

    /// <summary>Most photos (spread evenly over the library) whose scores calibrate the thresholds.</summary>
    [Range(10, 1_000_000)]
    public int CalibrationSample { get; set; } = 5000;

    /// <summary>
    /// Fewest photos a per-label calibration needs; a smaller library standardises each photo's scores over the
    /// vocabulary instead.
    /// </summary>
    [Range(2, 100_000)]
    public int MinCalibrationPhotos { get; set; } = 20;

    /// <summary>Part of the stage's fingerprint: settings that change which tags are kept.</summary>
    internal string Fingerprint => FormattableString.Invariant($"{MaxTags}|{MinZ:R}|{MinCalibrationPhotos}");
}
