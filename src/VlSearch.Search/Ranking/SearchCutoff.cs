namespace VlSearch.Search.Ranking;

/// <summary>
/// Where the list of hits ends: <see cref="Auto"/> drops the tail after the largest relative drop in the top
/// results but never below the model's calibrated floor; <see cref="None"/> keeps everything; a fixed score keeps
/// hits scoring at least that.
/// </summary>
/// <param name="Mode">Which kind of cutoff.</param>
/// <param name="MinimumScore">The fixed score for <see cref="SearchCutoffMode.Score"/>.</param>
public sealed record SearchCutoff(SearchCutoffMode Mode, double MinimumScore = 0)
{
    /// <summary>The adaptive cutoff.</summary>
    public static SearchCutoff Auto { get; } = new(SearchCutoffMode.Auto);

    /// <summary>No cutoff.</summary>
    public static SearchCutoff None { get; } = new(SearchCutoffMode.None);
}
