using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace VlSearch.Imaging.Tests;

public sealed class PhotoDecoderOrientationTests : IClassFixture<TempFolder>
{
    private readonly TempFolder _dir;
    private readonly PhotoDecoder _decoder = new();

    public PhotoDecoderOrientationTests(TempFolder dir) => _dir = dir;

    /// <summary>
    /// The camera stores the sensor image and an EXIF tag saying how to turn it upright. Orientation 6 means the
    /// viewer rotates 90° clockwise, so the stored image is the upright one turned 90° counter-clockwise; 8 is the
    /// reverse, 3 is a half turn, 2 a mirror.
    /// </summary>
    [Theory]
    [InlineData(6, RotateMode.Rotate270, FlipMode.None, 0)]
    [InlineData(8, RotateMode.Rotate90, FlipMode.None, 0)]
    [InlineData(3, RotateMode.Rotate180, FlipMode.None, 0)]
    [InlineData(2, RotateMode.None, FlipMode.Horizontal, 0)]
    [InlineData(6, RotateMode.Rotate270, FlipMode.None, 100)]
    [InlineData(8, RotateMode.Rotate90, FlipMode.None, 100)]
    public void Exif_orientation_gives_an_upright_image(int orientation, RotateMode storedRotation, FlipMode storedFlip, int minShortEdge)
    {
        // 800x600 upright; with a requested short edge of 100 the JPEG is decoded at 1/4 on the scaled path.
        var path = _dir.File($"oriented-{orientation}-{minShortEdge}.jpg");
        using (var stored = TestImages.Quadrants(800, 600))
        {
            stored.Mutate(x => x.RotateFlip(storedRotation, storedFlip));
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.Orientation, (ushort)orientation);
            stored.Metadata.ExifProfile = exif;
            stored.SaveAsJpeg(path);
        }

        var photo = _decoder.Decode(path, minShortEdge);

        Assert.Equal(orientation, photo.Metadata.Orientation);
        var expectedSize = minShortEdge == 0 ? (800, 600) : (200, 150);
        Assert.Equal(expectedSize, (photo.Image.Width, photo.Image.Height));
        TestImages.AssertQuadrants(photo.Image, 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_orientation_matches_imagesharps_auto_orient(int orientation)
    {
        var random = new Random(orientation);
        var pixels = new byte[7 * 5 * 3];
        random.NextBytes(pixels);
        using var stored = Image.LoadPixelData<Rgb24>(pixels, 7, 5);
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)orientation);
        using var expected = stored.Clone(x => x.AutoOrient());
        var expectedBytes = new byte[expected.Width * expected.Height * 3];
        expected.CopyPixelDataTo(expectedBytes);

        var upright = ExifOrientation.ToUprightRgb(pixels, 7, 5, 7 * 3, 3, orientation, out var width, out var height);

        Assert.Equal((expected.Width, expected.Height), (width, height));
        Assert.Equal(expectedBytes, upright);
    }
}
