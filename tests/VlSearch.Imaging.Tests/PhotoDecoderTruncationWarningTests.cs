using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace VlSearch.Imaging.Tests;

/// <summary>A file the decoder completes with filler is decoded, and says so in its metadata's warning.</summary>
public sealed class PhotoDecoderTruncationWarningTests : IClassFixture<TempFolder>
{
    private readonly TempFolder _dir;
    private readonly PhotoDecoder _decoder = new();

    public PhotoDecoderTruncationWarningTests(TempFolder dir) => _dir = dir;

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void A_jpeg_cut_in_its_pixel_data_decodes_with_a_warning_naming_the_cut(int minShortEdge)
    {
        byte[] whole;
        using (var image = TestImages.PhotoLike(800, 600))
        using (var stream = new MemoryStream())
        {
            image.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 });
            whole = WithMarkerLikeSegment(stream.ToArray());
        }

        var path = Write($"cut-{minShortEdge}.jpg", whole[..(int)(whole.Length * 0.8)]);

        var photo = _decoder.Decode(path, minShortEdge);

        Assert.Contains("Truncated JPEG", photo.Metadata.Warning, StringComparison.Ordinal);
        Assert.True(photo.Image.Width > 0);
    }

    [Fact]
    public void A_whole_jpeg_with_metadata_segments_and_trailing_bytes_has_no_warning()
    {
        byte[] whole;
        using (var image = TestImages.PhotoLike(640, 480))
        using (var stream = new MemoryStream())
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.ImageDescription, "a photo");
            image.SaveAsJpeg(stream);
            whole = [.. WithMarkerLikeSegment(stream.ToArray()), .. "trailer written by a phone"u8.ToArray()];
        }

        var photo = _decoder.Decode(Write("whole.jpg", whole), 0);

        Assert.Null(photo.Metadata.Warning);
    }

    [Fact]
    public void A_png_cut_in_its_pixel_data_decodes_with_a_warning_and_a_whole_png_has_none()
    {
        byte[] whole;
        using (var image = TestImages.PhotoLike(400, 300, noise: 40))
        using (var stream = new MemoryStream())
        {
            image.SaveAsPng(stream);
            whole = stream.ToArray();
        }

        var cut = _decoder.Decode(Write("cut.png", whole[..(whole.Length / 2)]), 0);
        var complete = _decoder.Decode(Write("whole.png", whole), 0);

        Assert.Contains("Truncated PNG", cut.Metadata.Warning, StringComparison.Ordinal);
        Assert.Null(complete.Metadata.Warning);
    }

    [Theory]
    [InlineData("webp")]
    [InlineData("gif")]
    [InlineData("bmp")]
    [InlineData("tiff")]
    public void Whole_files_of_the_other_formats_have_no_warning(string format)
    {
        using var image = TestImages.PhotoLike(64, 48);
        var path = _dir.File("whole." + format);
        image.Save(path);

        Assert.Null(_decoder.Decode(path, 0).Metadata.Warning);
    }

    /// <summary>
    /// Adds an application segment right after SOI whose payload holds end-of-image bytes, as embedded thumbnails
    /// do: the check must skip segments by their length instead of searching for FF D9.
    /// </summary>
    private static byte[] WithMarkerLikeSegment(byte[] jpeg) =>
        [.. jpeg[..2], 0xFF, 0xEF, 0x00, 0x06, 0xFF, 0xD9, 0xFF, 0xD9, .. jpeg[2..]];

    private string Write(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
