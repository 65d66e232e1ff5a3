using SixLabors.ImageSharp;
using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

/// <summary>ImageSharp's allocator refuses buffers past the decoder's limit, behind the header's pixel check.</summary>
public sealed class PhotoDecoderAllocationLimitTests : IClassFixture<TempFolder>
{
    private readonly TempFolder _dir;

    public PhotoDecoderAllocationLimitTests(TempFolder dir) => _dir = dir;

    [Fact]
    public void A_raster_larger_than_the_allocation_limit_is_reported_as_a_decode_error_not_allocated()
    {
        var path = _dir.File("wide.png");
        using (var image = TestImages.Quadrants(1200, 1000))
        {
            image.SaveAsPng(path);
        }

        // 1200 × 1000 RGB is 3.4 MB: within the pixel cap, past a 1 MB allocation limit.
        var limited = new PhotoDecoder(new DecoderOptions { AllocationLimitMegabytes = 1 });
        var error = Assert.Throws<PhotoDecodeException>(() => limited.Decode(path, 0));
        Assert.DoesNotContain('\n', error.Message);

        var unlimited = new PhotoDecoder();
        Assert.Equal(1200, unlimited.Decode(path, 0).Image.Width);
    }

    [Fact]
    public void Without_an_explicit_limit_the_allocation_limit_follows_the_pixel_cap()
    {
        Assert.Equal(40_000_000L * 8 / (1024 * 1024), new PhotoDecoder(new DecoderOptions { MaxPixels = 40_000_000 }).AllocationLimitMegabytes);
        Assert.Equal(64, new PhotoDecoder(new DecoderOptions { MaxPixels = 1000 }).AllocationLimitMegabytes);
        Assert.Equal(7, new PhotoDecoder(new DecoderOptions { AllocationLimitMegabytes = 7 }).AllocationLimitMegabytes);
    }
}
