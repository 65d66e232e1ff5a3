namespace VlSearch.Search.Duplicates;

/// <summary>The JSON export of duplicate groups: <c>{"groups": [...]}</c>.</summary>
public sealed record DuplicateDocument(IReadOnlyList<DuplicateDocumentGroup> Groups);
