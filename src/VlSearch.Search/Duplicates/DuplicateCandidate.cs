namespace VlSearch.Search.Duplicates;

/// <summary>A photo to look up in the index, with its vector in the model's space.</summary>
public sealed record DuplicateCandidate(DuplicatePhoto Photo, float[] Vector);
