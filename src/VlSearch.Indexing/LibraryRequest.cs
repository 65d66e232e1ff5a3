namespace VlSearch.Indexing;

/// <summary>A folder to index and its rules. A library is created on first use and found by its root path afterwards.</summary>
public sealed record LibraryRequest(string RootPath)
{
    /// <summary>Display name; defaults to the folder name (made unique).</summary>
    public string? Name { get; init; }

    public IReadOnlyList<string>? Include { get; init; }

    public IReadOnlyList<string>? Exclude { get; init; }

    public bool? IncludeHidden { get; init; }
}
