using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace VlSearch.Imaging.Tests;

public sealed class PhotoDecoderFormatTests : IClassFixture<TempFolder>
{
    private readonly TempFolder _dir;
    private readonly PhotoDecoder _decoder = new();

    public PhotoDecoderFormatTests(TempFolder dir) => _dir = dir;

    [Theory]
    [InlineData("jpeg", "photo.jpg", 12)]
    [InlineData("png", "photo.png", 0)]
    [InlineData("webp", "photo.webp", 0)]
    [InlineData("gif", "photo.gif", 0)]
    [InlineData("bmp", "photo.bmp", 0)]
    [InlineData("tiff", "photo.tiff", 0)]
    public void Each_format_decodes_with_its_size_and_colors(string format, string name, int tolerance)
    {
        var path = _dir.File(name);
        using (var image = TestImages.Quadrants(64, 48))
        {
            if (format == "webp")
            {
                image.SaveAsWebp(path, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
            }
            else
            {
                image.Save(path);
            }
        }

        var photo = _decoder.Decode(path, 0);

        Assert.Equal(format, photo.Metadata.Format);
        Assert.Equal((64, 48), (photo.Metadata.Width, photo.Metadata.Height));
        Assert.Equal((64, 48), (photo.Image.Width, photo.Image.Height));
        photo.Image.Validate();
        TestImages.AssertQuadrants(photo.Image, tolerance);
        Assert.Contains(Path.GetExtension(name), _decoder.SupportedExtensions);
    }

    [Fact]
    public void Gif_decodes_its_first_frame_only()
    {
        var path = _dir.File("animated.gif");
        using (var image = new Image<Rgb24>(40, 30, new Rgb24(255, 0, 0)))
        {
            using var second = new Image<Rgb24>(40, 30, new Rgb24(0, 0, 255));
            image.Frames.AddFrame(second.Frames.RootFrame);
            Assert.Equal(2, image.Frames.Count);
            image.SaveAsGif(path);
        }

        var photo = _decoder.Decode(path, 0);

        Assert.Equal((40, 30), (photo.Image.Width, photo.Image.Height));
        TestImages.AssertColor(new Rgb24(255, 0, 0), TestImages.PixelAt(photo.Image, 20, 15), 0, "first frame");
    }

    [Fact]
    public void Scaled_jpeg_decode_keeps_the_short_side_and_the_colors_of_the_full_decode()
    {
        var path = _dir.File("large.jpg");
        using (var image = TestImages.PhotoLike(1600, 1200))
        {
            image.SaveAsJpeg(path);
        }

        var full = _decoder.Decode(path, 0);
        var scaled = _decoder.Decode(path, 224);

        Assert.Equal((1600, 1200), (full.Image.Width, full.Image.Height));
        Assert.True(Math.Min(scaled.Image.Width, scaled.Image.Height) >= 224, $"{scaled.Image.Width}x{scaled.Image.Height}");
        Assert.True(scaled.Image.Width < 1600, "a short edge of 224 allows a DCT-scaled decode");
        Assert.Equal(1600.0 / 1200, (double)scaled.Image.Width / scaled.Image.Height, 2);
        Assert.Equal((1600, 1200), (scaled.Metadata.Width, scaled.Metadata.Height));

        // Each scaled pixel should match the mean of the block of full-size pixels it stands for.
        var factor = 1600 / scaled.Image.Width;
        double totalError = 0;
        var count = 0;
        for (var y = 0; y < scaled.Image.Height - 1; y += 3)
        {
            for (var x = 0; x < scaled.Image.Width - 1; x += 3)
            {
                var small = TestImages.PixelAt(scaled.Image, x, y);
                double r = 0, g = 0, b = 0;
                for (var dy = 0; dy < factor; dy++)
                {
                    for (var dx = 0; dx < factor; dx++)
                    {
                        var p = TestImages.PixelAt(full.Image, (x * factor) + dx, (y * factor) + dy);
                        r += p.R;
                        g += p.G;
                        b += p.B;
                    }
                }

                var n = factor * factor;
                totalError += (Math.Abs(small.R - (r / n)) + Math.Abs(small.G - (g / n)) + Math.Abs(small.B - (b / n))) / 3;
                count++;
            }
        }

        Assert.True(totalError / count < 3, $"mean abs difference {totalError / count:F2} levels");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Grayscale_jpeg_decodes_to_equal_channels(int minShortEdge)
    {
        var path = _dir.File($"gray-{minShortEdge}.jpg");
        using (var image = TestImages.PhotoLike(800, 600))
        {
            image.SaveAsJpeg(path, new JpegEncoder { ColorType = JpegColorType.Luminance });
        }

        var photo = _decoder.Decode(path, minShortEdge);

        Assert.Equal(minShortEdge == 0 ? 800 : 200, photo.Image.Width);
        var p = photo.Image.Pixels;
        for (var i = 0; i < p.Length; i += 3 * 97)
        {
            Assert.True(p[i] == p[i + 1] && p[i + 1] == p[i + 2], $"pixel {i / 3}: {p[i]},{p[i + 1]},{p[i + 2]}");
        }
    }

    [Fact]
    public void Scaled_jpeg_decode_is_not_used_when_no_scale_keeps_the_short_side()
    {
        var path = _dir.File("small.jpg");
        using (var image = TestImages.Quadrants(300, 200))
        {
            image.SaveAsJpeg(path);
        }

        var photo = _decoder.Decode(path, 224);

        Assert.Equal((300, 200), (photo.Image.Width, photo.Image.Height));
        TestImages.AssertQuadrants(photo.Image, 12);
    }

    [Fact]
    public void The_chosen_jpeg_scale_is_the_smallest_that_keeps_the_short_side()
    {
        for (var shortSide = 1; shortSide <= 2000; shortSide += 7)
        {
            foreach (var minEdge in new[] { 1, 100, 224, 256, 336, 384 })
            {
                var d = PhotoDecoder.PickJpegScale(shortSide + 500, shortSide, minEdge);
                Assert.Contains(d, new[] { 1, 2, 4, 8 });
                var scaled = (shortSide + d - 1) / d;
                Assert.True(d == 1 || scaled >= minEdge, $"short {shortSide}, min {minEdge}: 1/{d} gives {scaled}");
                if (d < 8)
                {
                    var next = (shortSide + (2 * d) - 1) / (2 * d);
                    Assert.True(next < minEdge, $"short {shortSide}, min {minEdge}: 1/{2 * d} would still give {next}");
                }
            }
        }
    }

    [Fact]
    public void A_non_jpeg_is_decoded_at_full_size_even_when_a_short_edge_is_requested()
    {
        var path = _dir.File("big.png");
        using (var image = TestImages.Quadrants(1200, 900))
        {
            image.SaveAsPng(path);
        }

        var photo = _decoder.Decode(path, 224);

        Assert.Equal((1200, 900), (photo.Image.Width, photo.Image.Height));
        TestImages.AssertQuadrants(photo.Image, 0);
    }

    [Fact]
    public void Alpha_is_dropped_and_color_kept_for_transparent_png()
    {
        var path = _dir.File("alpha.png");
        using (var image = new Image<Rgba32>(20, 10, new Rgba32(10, 120, 250, 128)))
        {
            image.SaveAsPng(path);
        }

        var photo = _decoder.Decode(path, 0);

        TestImages.AssertColor(new Rgb24(10, 120, 250), TestImages.PixelAt(photo.Image, 5, 5), 0, "centre");
    }
}
