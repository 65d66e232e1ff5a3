using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

public sealed class PhotoDecoderHostileInputTests : IClassFixture<TempFolder>
{
    private readonly TempFolder _dir;
    private readonly PhotoDecoder _decoder = new();

    public PhotoDecoderHostileInputTests(TempFolder dir) => _dir = dir;

    private static void AssertOneLine(PhotoDecodeException e)
    {
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Zero_byte_file_is_rejected_as_empty()
    {
        var path = _dir.File("empty.jpg");
        File.WriteAllBytes(path, []);

        var e = Assert.Throws<PhotoDecodeException>(() => _decoder.Decode(path, 224));

        Assert.Contains("empty", e.Message);
        AssertOneLine(e);
        Assert.Throws<PhotoDecodeException>(() => _decoder.ReadMetadata(path));
    }

    [Fact]
    public void Text_file_named_jpg_is_rejected_as_not_an_image()
    {
        var path = _dir.File("notes.jpg");
        File.WriteAllText(path, "Shopping list:\n- milk\n- bread\n");

        var e = Assert.Throws<PhotoDecodeException>(() => _decoder.Decode(path, 224));

        Assert.Contains("Not a supported image", e.Message);
        AssertOneLine(e);
    }

    [Fact]
    public void Unknown_format_is_rejected_even_when_imagesharp_could_read_it()
    {
        // TGA has no signature; it is outside the supported set and must not be guessed.
        var path = _dir.File("picture.tga");
        using (var image = TestImages.Quadrants(16, 16))
        {
            image.SaveAsTga(path);
        }

        var e = Assert.Throws<PhotoDecodeException>(() => _decoder.Decode(path, 0));

        Assert.Contains("Not a supported image", e.Message);
    }

    [Fact]
    public void Missing_file_is_reported_as_a_decode_failure()
    {
        var e = Assert.Throws<PhotoDecodeException>(() => _decoder.Decode(_dir.File("absent.jpg"), 0));

        Assert.Contains("Cannot open", e.Message);
    }

    /// <summary>Policy: scan data cut short still yields the photo, the missing rows filled by the codec.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Jpeg_truncated_in_its_pixel_data_is_decoded_at_full_size(int minShortEdge)
    {
        var path = _dir.File($"truncated-{minShortEdge}.jpg");
        byte[] whole;
        using (var image = TestImages.Quadrants(800, 600))
        using (var stream = new MemoryStream())
        {
            image.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 });
            whole = stream.ToArray();
        }

        File.WriteAllBytes(path, whole[..(int)(whole.Length * 0.8)]);

        var photo = _decoder.Decode(path, minShortEdge);

        var expectedWidth = minShortEdge == 0 ? 800 : 200;
        Assert.Equal(expectedWidth, photo.Image.Width);
        TestImages.AssertColor(TestImages.TopLeft, TestImages.PixelAt(photo.Image, photo.Image.Width / 4, photo.Image.Height / 4), 12, "top left");
        TestImages.AssertColor(TestImages.TopRight, TestImages.PixelAt(photo.Image, 3 * photo.Image.Width / 4, photo.Image.Height / 4), 12, "top right");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Jpeg_truncated_in_its_header_is_rejected_with_its_reason(int minShortEdge)
    {
        var path = _dir.File($"header-cut-{minShortEdge}.jpg");
        byte[] whole;
        using (var image = TestImages.Quadrants(800, 600))
        using (var stream = new MemoryStream())
        {
            image.SaveAsJpeg(stream);
            whole = stream.ToArray();
        }

        File.WriteAllBytes(path, whole[..60]);

        var e = Assert.Throws<PhotoDecodeException>(() => _decoder.Decode(path, minShortEdge));

        Assert.Contains("jpeg", e.Message);
        AssertOneLine(e);
    }

    /// <summary>Same policy as JPEG: the rows whose compressed chunks arrived whole are kept, the rest filled.</summary>
    [Fact]
    public void Png_truncated_in_its_pixel_data_is_decoded_at_full_size()
    {
        var path = _dir.File("truncated.png");
        byte[] whole;
        using (var image = TestImages.PhotoLike(400, 300, noise: 40))
        using (var stream = new MemoryStream())
        {
            image.SaveAsPng(stream);
            whole = stream.ToArray();
        }

        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        var photo = _decoder.Decode(path, 0);

        Assert.Equal((400, 300), (photo.Image.Width, photo.Image.Height));
        using var original = TestImages.PhotoLike(400, 300, noise: 40);
        Assert.Equal(original[100, 20], TestImages.PixelAt(photo.Image, 100, 20));
    }

    [Fact]
    public void Png_without_one_complete_data_chunk_is_rejected_with_its_reason()
    {
        var path = _dir.File("no-data.png");
        byte[] whole;
        using (var image = TestImages.Quadrants(400, 300))
        using (var stream = new MemoryStream())
        {
            image.SaveAsPng(stream);
            whole = stream.ToArray();
        }

        // Flat colour compresses into one small IDAT chunk; half the file cuts into it.
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        var e = Assert.Throws<PhotoDecodeException>(() => _decoder.Decode(path, 0));

        Assert.Contains("png", e.Message);
        AssertOneLine(e);
    }

    [Fact]
    public void Png_truncated_in_its_header_is_rejected_with_its_reason()
    {
        var path = _dir.File("header-cut.png");
        File.WriteAllBytes(path, TestImages.PngHeaderOnly(100, 100)[..20]);

        var e = Assert.Throws<PhotoDecodeException>(() => _decoder.Decode(path, 0));

        AssertOneLine(e);
    }

    [Fact]
    public void Png_claiming_30000_by_30000_pixels_is_rejected_from_its_header_without_allocating()
    {
        var path = _dir.File("bomb.png");
        File.WriteAllBytes(path, TestImages.PngHeaderOnly(30000, 30000));
        var managedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var peakBefore = process.PeakWorkingSet64;

        var e = Assert.Throws<PhotoDecodeException>(() => _decoder.Decode(path, 224));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - managedBefore;
        process.Refresh();
        Assert.Contains("30000x30000", e.Message);
        Assert.Contains("limit", e.Message);
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated:N0} managed bytes allocated");

        // 900 MP of RGB would be 2.7 GB; the peak working set must not have moved by anything like that.
        Assert.True(process.PeakWorkingSet64 - peakBefore < 512L * 1024 * 1024, "peak working set grew");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(224)]
    public void Jpeg_whose_frame_header_claims_too_many_pixels_is_rejected_on_both_paths(int minShortEdge)
    {
        var path = _dir.File($"jpeg-bomb-{minShortEdge}.jpg");
        byte[] bytes;
        using (var image = TestImages.Quadrants(64, 48))
        using (var stream = new MemoryStream())
        {
            image.SaveAsJpeg(stream);
            bytes = stream.ToArray();
        }

        // Baseline frame header: FF C0, length (2), precision (1), height (2), width (2).
        var sof = bytes.AsSpan().IndexOf(new byte[] { 0xFF, 0xC0 });
        Assert.True(sof > 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 5), 60000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 7), 60000);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<PhotoDecodeException>(() => _decoder.Decode(path, minShortEdge));

        Assert.Contains("60000x60000", e.Message);
    }

    [Fact]
    public void The_pixel_limit_is_configurable()
    {
        var path = _dir.File("limit.png");
        using (var image = TestImages.Quadrants(64, 48))
        {
            image.SaveAsPng(path);
        }

        var strict = new PhotoDecoder(new DecoderOptions { MaxPixels = (64 * 48) - 1 });
        var exact = new PhotoDecoder(new DecoderOptions { MaxPixels = 64 * 48 });

        var e = Assert.Throws<PhotoDecodeException>(() => strict.Decode(path, 0));
        Assert.Contains("64x48", e.Message);
        Assert.Equal(64, exact.Decode(path, 0).Image.Width);
    }

    [Fact]
    public void A_file_that_outlasts_the_time_budget_is_rejected_as_too_slow()
    {
        var path = _dir.File("slow.png");
        using (var image = TestImages.PhotoLike(1500, 1200, noise: 60))
        {
            image.SaveAsPng(path);
        }

        var hurried = new PhotoDecoder(new DecoderOptions { Timeout = TimeSpan.FromMilliseconds(1) });

        var e = Assert.Throws<PhotoDecodeException>(() => hurried.Decode(path, 0));

        Assert.Contains("time budget", e.Message);
        Assert.Equal(1500, new PhotoDecoder().Decode(path, 0).Image.Width);
    }

    [Fact]
    public void Caller_cancellation_is_not_reported_as_a_bad_file()
    {
        var path = _dir.File("cancel.png");
        using (var image = TestImages.Quadrants(64, 48))
        {
            image.SaveAsPng(path);
        }

        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _decoder.Decode(path, 0, cts.Token));
    }
}
