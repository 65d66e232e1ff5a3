namespace VlSearch.Jobs.Admin;

/// <summary>A model's vectors: stored in the catalog, and searchable in the index.</summary>
public sealed record ModelVectors(string Model, long Stored, long Indexed);
