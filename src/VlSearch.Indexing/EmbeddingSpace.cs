namespace VlSearch.Indexing;

/// <summary>A model whose vectors the catalog stores, with their length.</summary>
public sealed record EmbeddingSpace(string Model, int Dimension);
