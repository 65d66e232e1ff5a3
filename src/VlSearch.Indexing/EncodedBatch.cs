namespace VlSearch.Indexing;

/// <summary>The outcome of one encoder call: vectors of the files it encoded, and the files that failed on the way.</summary>
internal sealed record EncodedBatch(List<(DecodedItem Item, float[] Vector)> Results, List<DecodedItem> DecodeFailures, List<DecodedItem> EncodeFailures, string? EncodeError)
{
    public int Count => Results.Count + DecodeFailures.Count + EncodeFailures.Count;
}
