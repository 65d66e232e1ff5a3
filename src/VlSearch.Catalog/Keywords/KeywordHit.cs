namespace VlSearch.Catalog.Keywords;

/// <summary>One photo found by the keyword index.</summary>
/// <param name="PhotoId">Catalog id of the photo.</param>
/// <param name="Score">Higher is better; comparable only within one query on one engine.</param>
public sealed record KeywordHit(long PhotoId, double Score);
