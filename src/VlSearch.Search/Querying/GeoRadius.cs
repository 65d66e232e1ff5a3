namespace VlSearch.Search.Querying;

/// <summary>A circle on the earth: photos whose GPS position lies within <paramref name="Kilometres"/> of the centre.</summary>
/// <param name="Latitude">Degrees, -90 to 90.</param>
/// <param name="Longitude">Degrees, -180 to 180.</param>
/// <param name="Kilometres">Radius, greater than 0 (default 10 when the query leaves it out).</param>
public sealed record GeoRadius(double Latitude, double Longitude, double Kilometres);
