namespace VlSearch.Search.Duplicates;

/// <summary>One group in the JSON export: the keeper's path and every photo of the group, the keeper first.</summary>
public sealed record DuplicateDocumentGroup(string Keep, IReadOnlyList<DuplicateDocumentPhoto> Photos);
