namespace VlSearch.Search.Ranking;

/// <summary>What the cutoff knows of one ranked hit.</summary>
/// <param name="Id">Catalog id of the photo.</param>
/// <param name="Score">Its final score.</param>
/// <param name="Cosine">Its vector cosine, when the vector retriever listed it.</param>
/// <param name="KeywordMatch">Whether the keyword retriever listed it (its words are in the photo's text).</param>
public sealed record CutoffCandidate(long Id, double Score, double? Cosine, bool KeywordMatch);
