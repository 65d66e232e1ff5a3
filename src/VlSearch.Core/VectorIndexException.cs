namespace VlSearch.Core;

/// <summary>A vector index rejected an operation (wrong dimension, unknown collection, corrupt file).</summary>
public sealed class VectorIndexException : Exception
{
    public VectorIndexException(string message)
        : base(message)
    {
    }

    public VectorIndexException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VectorIndexException()
    {
    }
}
