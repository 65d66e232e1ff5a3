namespace VlSearch.Core;

/// <summary>A file could not be turned into pixels; the message is shown to users as the reason.</summary>
public sealed class PhotoDecodeException : Exception
{
    public PhotoDecodeException(string message)
        : base(message)
    {
    }

    public PhotoDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PhotoDecodeException()
    {
    }
}
