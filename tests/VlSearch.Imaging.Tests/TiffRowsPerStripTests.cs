using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Tiff;

namespace VlSearch.Imaging.Tests;

public sealed class TiffRowsPerStripTests
{
    [Fact]
    public void Rows_per_strip_above_the_height_is_read_as_the_height()
    {
        var tiff = HostileSeeds.TiffSetLongTag(Encode(), 278, 8_388_617);

        using var stream = TiffRowsPerStrip.Clamp(new MemoryStream(tiff), 9);

        Assert.Equal(9u, RowsPerStrip(ReadAll(stream)));
    }

    [Fact]
    public void A_tiff_whose_rows_per_strip_fits_its_height_is_read_unchanged()
    {
        var tiff = Encode();

        using var stream = TiffRowsPerStrip.Clamp(new MemoryStream(tiff), 9);

        Assert.Equal(tiff, ReadAll(stream));
    }

    [Fact]
    public void The_fuzzed_tiff_claiming_millions_of_rows_per_strip_decodes_to_its_real_size()
    {
        using var dir = new TempFolder();
        var path = dir.File("rows.tiff");
        File.Copy(RepositoryPaths.Combine("tests", "fuzz-corpus", "regressions", "tiff-rows-per-strip-8388617.bin"), path);

        var photo = new PhotoDecoder(new DecoderOptions { Timeout = TimeSpan.FromSeconds(30) }).Decode(path, 0);

        Assert.Equal((12, 9), (photo.Image.Width, photo.Image.Height));
    }

    private static byte[] Encode()
    {
        using var image = TestImages.Quadrants(12, 9);
        using var stream = new MemoryStream();
        image.SaveAsTiff(stream, new TiffEncoder());
        return stream.ToArray();
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[7]; // small reads cross the patched bytes at every alignment
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            copy.Write(buffer, 0, n);
        }

        return copy.ToArray();
    }

    private static uint RowsPerStrip(byte[] tiff)
    {
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(ifd));
        for (var i = 0; i < count; i++)
        {
            var entry = tiff.AsSpan(ifd + 2 + (i * 12));
            if (BinaryPrimitives.ReadUInt16LittleEndian(entry) == 278)
            {
                return BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]) == 3
                    ? BinaryPrimitives.ReadUInt16LittleEndian(entry[8..])
                    : BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
            }
        }

        throw new InvalidOperationException("No RowsPerStrip tag.");
    }
}
