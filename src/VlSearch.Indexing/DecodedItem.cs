using System.Buffers;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>A file decoded and preprocessed into a pooled pixel buffer, or the reason it could not be.</summary>
internal sealed class DecodedItem(PendingFile file, PhotoMetadata? metadata, float[]? pixels, string? error)
{
    private float[]? pixels = pixels;

    public PendingFile File { get; } = file;

    public PhotoMetadata? Metadata { get; } = metadata;

    public string? Error { get; } = error;

    public float[]? Pixels => pixels;

    /// <summary>Returns the pixel buffer to the pool; safe to call twice.</summary>
    public void Release()
    {
        var buffer = Interlocked.Exchange(ref pixels, null);
        if (buffer is not null)
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
