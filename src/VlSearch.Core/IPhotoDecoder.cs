namespace VlSearch.Core;

/// <summary>
/// Turns image files into upright RGB rasters. Implementations must reject oversized and malformed files with
/// <see cref="PhotoDecodeException"/> rather than crash or stall.
/// </summary>
public interface IPhotoDecoder
{
    /// <summary>File extensions (lower case, with dot) this decoder reads.</summary>
    IReadOnlySet<string> SupportedExtensions { get; }

    /// <summary>
    /// Decodes <paramref name="path"/>. When <paramref name="minShortEdge"/> is positive the decoder may return a
    /// smaller raster whose shorter side is still at least that many pixels (a cheap DCT-scaled JPEG decode).
    /// </summary>
    DecodedPhoto Decode(string path, int minShortEdge, CancellationToken cancellationToken = default);

    /// <summary>Reads only the metadata (header and EXIF) without decoding pixels.</summary>
    PhotoMetadata ReadMetadata(string path);
}
