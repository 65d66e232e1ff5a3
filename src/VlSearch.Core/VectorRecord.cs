namespace VlSearch.Core;

/// <summary>One vector with its identifier (the catalog's photo id) and payload.</summary>
public sealed record VectorRecord(long Id, float[] Vector, PhotoPayload Payload);
