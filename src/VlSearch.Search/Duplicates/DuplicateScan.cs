namespace VlSearch.Search.Duplicates;

/// <summary>
/// The pairs the index found at or above a floor score, with what grouping needs of the photos in them. Grouping at
/// any threshold at or above the floor needs no further searches (calibration tries many thresholds on one scan).
/// </summary>
public sealed record DuplicateScan(
    float Floor,
    int Scanned,
    IReadOnlyList<DuplicatePair> Pairs,
    IReadOnlyDictionary<long, DuplicatePhoto> Photos,
    IReadOnlyDictionary<long, float[]> Vectors);
