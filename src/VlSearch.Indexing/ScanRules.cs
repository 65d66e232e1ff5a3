namespace VlSearch.Indexing;

/// <summary>Which files under a library root are photos to index.</summary>
public sealed record ScanRules
{
    /// <summary>Glob patterns relative to the root (e.g. <c>**/*.jpg</c>); empty means every supported file.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Glob patterns relative to the root that are skipped even when included.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Whether folders and files whose name starts with a dot are visited.</summary>
    public bool IncludeHidden { get; init; }

    /// <summary>Lower-case extensions with the dot (<c>.jpg</c>).</summary>
    public required IReadOnlySet<string> Extensions { get; init; }
}
