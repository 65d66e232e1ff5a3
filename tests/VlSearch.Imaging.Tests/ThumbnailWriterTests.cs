using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

public sealed class ThumbnailWriterTests
{
    private static RgbImage Quadrants(int width, int height)
    {
        using var image = TestImages.Quadrants(width, height);
        var pixels = new byte[width * height * 3];
        image.CopyPixelDataTo(pixels);
        return new RgbImage(width, height, pixels);
    }

    [Fact]
    public void Thumbnail_fits_the_max_edge_keeps_the_aspect_and_is_a_jpeg()
    {
        using var stream = new MemoryStream();

        var size = ThumbnailWriter.Write(Quadrants(400, 300), 100, stream, 85);

        Assert.Equal((100, 75), size);
        stream.Position = 0;
        using var written = Image.Load<Rgb24>(stream, out var format);
        Assert.Equal("JPEG", format.Name);
        Assert.Equal((100, 75), (written.Width, written.Height));
        var pixels = new byte[100 * 75 * 3];
        written.CopyPixelDataTo(pixels);
        TestImages.AssertQuadrants(new RgbImage(100, 75, pixels), 16);
    }

    [Fact]
    public void A_small_image_is_not_enlarged()
    {
        using var stream = new MemoryStream();

        var size = ThumbnailWriter.Write(Quadrants(60, 40), 256, stream);

        Assert.Equal((60, 40), size);
        stream.Position = 0;
        Assert.Equal(60, Image.Identify(stream).Width);
    }
}
