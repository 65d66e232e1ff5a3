namespace VlSearch.Search.Duplicates;

/// <summary>A photo of a group and its cosine similarity to the group's keeper (1 for the keeper itself).</summary>
public sealed record DuplicateMember(DuplicatePhoto Photo, float Score);
