using VlSearch.Core;
using VlSearch.Imaging;

namespace VlSearch.Hosting.Answers;

/// <summary>Reads a catalogued photo as the JPEG a model receives: upright, longest side at most the configured size.</summary>
public sealed class AnswerImageLoader(IPhotoDecoder decoder)
{
    /// <exception cref="PhotoDecodeException">The file cannot be decoded.</exception>
    public byte[] LoadJpeg(string path, int maxSide, CancellationToken cancellationToken)
    {
        // A scaled decode keeps the short side at maxSide at least; the writer then caps the long side.
        var decoded = decoder.Decode(path, maxSide, cancellationToken);
        using var jpeg = new MemoryStream();
        ThumbnailWriter.Write(decoded.Image, maxSide, jpeg, quality: 85);
        return jpeg.ToArray();
    }
}
