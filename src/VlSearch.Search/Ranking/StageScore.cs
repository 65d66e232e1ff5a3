namespace VlSearch.Search.Ranking;

/// <summary>A hit's place in one stage.</summary>
/// <param name="Stage">vector, keyword, fused, rerank or cut.</param>
/// <param name="Rank">1-based rank in that stage's list; null when the stage did not list the hit.</param>
/// <param name="Score">That stage's score (cosine, keyword score, fused score, match probability); null when not listed.</param>
public sealed record StageScore(string Stage, int? Rank, double? Score);
