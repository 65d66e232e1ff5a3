using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Iptc;
using SixLabors.ImageSharp.Metadata.Profiles.Xmp;

namespace VlSearch.Imaging.Tests;

public sealed class PhotoDecoderEmbeddedTextTests : IClassFixture<TempFolder>
{
    private const string Xmp = """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <dc:subject><rdf:Bag><rdf:li>Lake Tahoe</rdf:li><rdf:li>kayak</rdf:li><rdf:li>Family</rdf:li></rdf:Bag></dc:subject>
        <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Anna paddling at dawn</rdf:li></rdf:Alt></dc:description>
        </rdf:Description></rdf:RDF></x:xmpmeta>
        """;

    private readonly TempFolder _dir;
    private readonly PhotoDecoder _decoder = new();

    public PhotoDecoderEmbeddedTextTests(TempFolder dir) => _dir = dir;

    private string Write(string name, Action<Image> annotate)
    {
        var path = _dir.File(name);
        using var image = TestImages.Quadrants(64, 48);
        annotate(image);
        image.SaveAsJpeg(path);
        return path;
    }

    [Fact]
    public void Lens_keywords_and_description_are_read_from_exif_xmp_and_iptc()
    {
        var path = Write("tagged.jpg", image =>
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.LensMake, "Canon");
            exif.SetValue(ExifTag.LensModel, "EF 50mm f/1.8 STM");
            image.Metadata.ExifProfile = exif;
            image.Metadata.XmpProfile = new XmpProfile(Encoding.UTF8.GetBytes(Xmp));
            var iptc = new IptcProfile();
            iptc.SetValue(IptcTag.Keywords, "kayak", strict: false);
            iptc.SetValue(IptcTag.Keywords, "sunrise", strict: false);
            image.Metadata.IptcProfile = iptc;
        });

        foreach (var metadata in new[] { _decoder.ReadMetadata(path), _decoder.Decode(path, 0).Metadata })
        {
            Assert.Equal("Canon EF 50mm f/1.8 STM", metadata.Lens);
            // XMP first, then IPTC; the repeated "kayak" is kept once.
            Assert.Equal(["Lake Tahoe", "kayak", "Family", "sunrise"], metadata.Keywords);
            Assert.Equal("Anna paddling at dawn", metadata.Description);
        }
    }

    [Fact]
    public void A_lens_model_that_already_names_its_maker_is_not_prefixed_twice()
    {
        var path = Write("lens.jpg", image =>
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.LensMake, "Sony");
            exif.SetValue(ExifTag.LensModel, "Sony FE 24-70mm F2.8 GM");
            image.Metadata.ExifProfile = exif;
        });

        Assert.Equal("Sony FE 24-70mm F2.8 GM", _decoder.ReadMetadata(path).Lens);
    }

    [Fact]
    public void The_iptc_caption_and_then_the_exif_description_stand_in_when_xmp_has_none()
    {
        var iptcPath = Write("iptc.jpg", image =>
        {
            var iptc = new IptcProfile();
            iptc.SetValue(IptcTag.Caption, "Birthday cake", strict: false);
            image.Metadata.IptcProfile = iptc;
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.ImageDescription, "ignored: IPTC comes first");
            image.Metadata.ExifProfile = exif;
        });
        var exifPath = Write("exif-description.jpg", image =>
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.ImageDescription, "Old harbour\0\0\0");
            image.Metadata.ExifProfile = exif;
        });

        Assert.Equal("Birthday cake", _decoder.ReadMetadata(iptcPath).Description);
        Assert.Equal("Old harbour", _decoder.ReadMetadata(exifPath).Description);
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><x>&b;</x>")]
    [InlineData("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description")]
    public void A_broken_or_hostile_xmp_packet_leaves_the_photo_readable_without_its_words(string packet)
    {
        var path = Write($"bad-xmp-{packet.Length}.jpg", image => image.Metadata.XmpProfile = new XmpProfile(Encoding.UTF8.GetBytes(packet)));

        var metadata = _decoder.ReadMetadata(path);

        Assert.Equal("jpeg", metadata.Format);
        Assert.Empty(metadata.Keywords);
        Assert.Null(metadata.Description);
    }

    [Fact]
    public void Thousands_of_keywords_are_bounded_in_count_and_length()
    {
        var items = string.Concat(Enumerable.Range(0, 1000).Select(i => $"<rdf:li>word{i}{new string('x', 300)}</rdf:li>"));
        var packet = Xmp.Replace("<rdf:li>Lake Tahoe</rdf:li>", items, StringComparison.Ordinal);
        var path = Write("many.jpg", image => image.Metadata.XmpProfile = new XmpProfile(Encoding.UTF8.GetBytes(packet)));

        var metadata = _decoder.ReadMetadata(path);

        Assert.Equal(EmbeddedText.MaxKeywords, metadata.Keywords.Count);
        Assert.All(metadata.Keywords, k => Assert.True(k.Length <= EmbeddedText.MaxKeywordLength));
    }
}
