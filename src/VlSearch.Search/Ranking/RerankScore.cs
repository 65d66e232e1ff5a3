namespace VlSearch.Search.Ranking;

/// <summary>One hit rescored by an <see cref="IRerankStage"/>.</summary>
/// <param name="Id">Catalog id of the photo.</param>
/// <param name="Probability">How likely the photo matches the query, 0 to 1.</param>
public sealed record RerankScore(long Id, double Probability);
