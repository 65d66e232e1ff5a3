namespace VlSearch.Indexing.Tests.Ranking;

/// <summary>One photo of a <see cref="RankingLibrary"/>: where it lies, its vector, and what the catalog knows of it.</summary>
public sealed record LibraryPhoto(string RelativePath, float[] Vector)
{
    public string? Caption { get; init; }

    public string? Camera { get; init; }

    public string? Lens { get; init; }

    public int Width { get; init; } = 400;

    public int Height { get; init; } = 300;

    public int Orientation { get; init; } = 1;

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public DateTime? TakenAt { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
}
