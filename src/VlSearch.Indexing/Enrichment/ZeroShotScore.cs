namespace VlSearch.Indexing.Enrichment;

/// <summary>How one label scores on one photo.</summary>
/// <param name="Label">The label.</param>
/// <param name="Score">Cosine similarity of the photo's embedding and the label's prompt-ensemble embedding.</param>
/// <param name="Z">Standard deviations above the label's mean score over the library.</param>
/// <param name="Confidence">The normal distribution's CDF at <paramref name="Z"/>: 0 to 1, how unusual the score is for the label.</param>
public sealed record ZeroShotScore(string Label, float Score, float Z, float Confidence);
