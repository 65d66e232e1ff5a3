namespace VlSearch.Search.Ranking;

/// <summary>The kinds of <see cref="SearchCutoff"/>.</summary>
public enum SearchCutoffMode
{
    /// <summary>Keep every hit.</summary>
    None,

    /// <summary>The adaptive cutoff.</summary>
    Auto,

    /// <summary>A fixed minimum final score.</summary>
    Score,
}
