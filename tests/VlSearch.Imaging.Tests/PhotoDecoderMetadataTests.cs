using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

public sealed class PhotoDecoderMetadataTests : IClassFixture<TempFolder>
{
    private readonly TempFolder _dir;
    private readonly PhotoDecoder _decoder = new();

    public PhotoDecoderMetadataTests(TempFolder dir) => _dir = dir;

    private string WriteJpegWithExif(string name)
    {
        var path = _dir.File(name);
        using var image = TestImages.Quadrants(120, 80);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.DateTimeOriginal, "2021:07:14 18:30:05");
        exif.SetValue(ExifTag.Make, "Canon");
        exif.SetValue(ExifTag.Model, "EOS R6");
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        exif.SetValue(ExifTag.GPSLatitude, new Rational[] { new(48, 1), new(51, 1), new(296, 10) });
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLongitude, new Rational[] { new(73, 1), new(58, 1), new(1234, 100) });
        exif.SetValue(ExifTag.GPSLongitudeRef, "W");
        image.Metadata.ExifProfile = exif;
        image.SaveAsJpeg(path);
        return path;
    }

    private static void AssertExpectedMetadata(PhotoMetadata metadata)
    {
        Assert.Equal("jpeg", metadata.Format);
        Assert.Equal((120, 80), (metadata.Width, metadata.Height));
        Assert.Equal(6, metadata.Orientation);
        Assert.Equal(new DateTime(2021, 7, 14, 18, 30, 5), metadata.TakenAt);
        Assert.Equal(DateTimeKind.Unspecified, metadata.TakenAt!.Value.Kind);
        Assert.Equal("Canon", metadata.CameraMake);
        Assert.Equal("EOS R6", metadata.CameraModel);
        Assert.NotNull(metadata.Latitude);
        Assert.NotNull(metadata.Longitude);
        Assert.Equal(48 + (51 / 60.0) + (29.6 / 3600), metadata.Latitude!.Value, 6);
        Assert.Equal(-(73 + (58 / 60.0) + (12.34 / 3600)), metadata.Longitude!.Value, 6);
    }

    [Fact]
    public void Metadata_fields_read_back_from_exif()
    {
        var path = WriteJpegWithExif("exif.jpg");

        AssertExpectedMetadata(_decoder.ReadMetadata(path));
    }

    [Fact]
    public void Decode_returns_the_same_metadata_with_stored_dimensions()
    {
        var path = WriteJpegWithExif("exif-decode.jpg");

        var photo = _decoder.Decode(path, 0);

        AssertExpectedMetadata(photo.Metadata);
        Assert.Equal((80, 120), (photo.Image.Width, photo.Image.Height));
    }

    [Fact]
    public void A_file_without_exif_has_default_metadata()
    {
        var path = _dir.File("plain.png");
        using (var image = TestImages.Quadrants(30, 20))
        {
            image.SaveAsPng(path);
        }

        var metadata = _decoder.ReadMetadata(path);

        Assert.Equal("png", metadata.Format);
        Assert.Equal((30, 20), (metadata.Width, metadata.Height));
        Assert.Equal(1, metadata.Orientation);
        Assert.Null(metadata.TakenAt);
        Assert.Null(metadata.CameraMake);
        Assert.Null(metadata.Latitude);
    }

    [Theory]
    [InlineData("0000:00:00 00:00:00")]
    [InlineData("    ")]
    [InlineData("not a date")]
    public void Blank_or_zeroed_exif_dates_are_unknown(string text)
        => Assert.Null(MetadataReader.ParseExifDate(text));

    [Fact]
    public void ReadMetadata_does_not_apply_the_pixel_limit()
    {
        var path = _dir.File("huge-header.png");
        File.WriteAllBytes(path, TestImages.PngHeaderOnly(30000, 30000));

        var metadata = _decoder.ReadMetadata(path);

        Assert.Equal((30000, 30000), (metadata.Width, metadata.Height));
    }
}
