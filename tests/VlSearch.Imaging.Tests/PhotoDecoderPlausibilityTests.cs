using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

/// <summary>
/// Files that declare far more pixels than their bytes can hold are refused from their header: several decoders fill
/// such a canvas without looking at the time budget, so the budget alone does not stop them.
/// </summary>
public sealed class PhotoDecoderPlausibilityTests : IClassFixture<TempFolder>
{
    private readonly TempFolder _dir;

    public PhotoDecoderPlausibilityTests(TempFolder dir) => _dir = dir;

    [Fact]
    public void A_file_declaring_thousands_of_pixels_per_byte_is_refused_as_a_likely_bomb_before_decoding()
    {
        // An RLE bitmap that ends at once: 81 MP declared in a few hundred bytes.
        const string name = "bomb-bmp-rle8-end-of-bitmap-9000x9000";
        var bomb = HostileSeeds.Bombs.Value.Single(b => b.Name == name);
        var path = _dir.File(name);
        File.WriteAllBytes(path, bomb.Bytes);

        var e = Assert.Throws<PhotoDecodeException>(() => new PhotoDecoder(new DecoderOptions()).Decode(path, 224));

        Assert.Contains("likely decompression bomb", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fuzzed_tiff_that_declares_millions_of_pixels_in_a_few_bytes_is_refused_from_its_header()
    {
        var path = RepositoryPaths.Combine("tests", "fuzz-corpus", "regressions", "tiff-width-8323084-declared.bin");

        var e = Assert.Throws<PhotoDecodeException>(() => new PhotoDecoder(new DecoderOptions()).Decode(path, 224));

        Assert.Contains("likely decompression bomb", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flat_six_megapixel_png_compresses_well_and_still_decodes()
    {
        var path = _dir.File("flat.png");
        using (var flat = new Image<Rgb24>(3000, 2000, new Rgb24(200, 200, 205)))
        {
            flat.SaveAsPng(path);
        }

        var decoded = new PhotoDecoder(new DecoderOptions()).Decode(path, 224);

        Assert.Equal(3000, decoded.Metadata.Width);
        Assert.True(new FileInfo(path).Length < 200_000, "the test needs a file that compresses strongly");
    }

    [Fact]
    public void A_zlib_bomb_at_deflates_own_ratio_is_not_refused_by_the_check()
    {
        // Deflate cannot pack more than about a thousand bytes into one, so a PNG of zeros stays under the check and is
        // left to the pixel cap, the allocation limit and the time budget.
        var bomb = HostileSeeds.Bombs.Value.Single(b => b.Name == "bomb-png-zlib-8000x6000");
        var path = _dir.File("zeros.png");
        File.WriteAllBytes(path, bomb.Bytes);

        var decoded = new PhotoDecoder(new DecoderOptions { Timeout = TimeSpan.FromMinutes(5) }).Decode(path, 224);

        Assert.Equal(8000, decoded.Metadata.Width);
    }
}
