namespace VlSearch.Search.Ranking;

/// <summary>A model's calibrated floor: how high unrelated captions score against its collection.</summary>
/// <param name="Collection">The vector collection it was measured on.</param>
/// <param name="Count">Vectors in the collection then; a floor is measured again when the count moves much.</param>
/// <param name="Floor">The cosine under which a hit scores like an unrelated caption.</param>
/// <param name="Percentile">The percentile of the unrelated scores the floor is.</param>
/// <param name="CalibratedAt">When it was measured (UTC).</param>
public sealed record ScoreFloor(string Collection, long Count, double Floor, double Percentile, DateTime CalibratedAt);
