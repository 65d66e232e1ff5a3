namespace VlSearch.Search.Ranking;

/// <summary>A query's vector and the catalogued photos its <c>like:</c> terms named (left out of the hits).</summary>
internal sealed record QueryVector(float[] Vector, IReadOnlySet<long> LikedPhotos);
