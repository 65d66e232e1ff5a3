namespace VlSearch.Search.Duplicates;

/// <summary>One photo in the JSON export and its cosine similarity to the keeper.</summary>
public sealed record DuplicateDocumentPhoto(string Path, float Score);
