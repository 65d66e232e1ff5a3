using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace VlSearch.Testing;

/// <summary>Distinct small pictures: a grid of random colour blocks per seed.</summary>
public static class TestImages
{
    public static string WritePng(string path, int seed, int size = 64)
    {
        using var image = Create(seed, size);
        image.SaveAsPng(path);
        return path;
    }

    public static string WriteJpeg(string path, int seed, int size = 64)
    {
        using var image = Create(seed, size);
        image.SaveAsJpeg(path);
        return path;
    }

    /// <summary>Writes <paramref name="count"/> PNGs spread over a few sub-folders and returns their paths.</summary>
    public static List<string> WriteLibrary(string root, int count, int firstSeed = 0)
    {
        var paths = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var folder = Path.Combine(root, $"album-{i % 10:00}");
            Directory.CreateDirectory(folder);
            paths.Add(WritePng(Path.Combine(folder, $"photo-{firstSeed + i:00000}.png"), firstSeed + i));
        }

        return paths;
    }

    private static Image<Rgb24> Create(int seed, int size)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(size, size);
        const int blocks = 4;
        var colors = new Rgb24[blocks * blocks];
        for (var i = 0; i < colors.Length; i++)
        {
            colors[i] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        }

        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < size; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < size; x++)
                {
                    row[x] = colors[(y * blocks / size * blocks) + (x * blocks / size)];
                }
            }
        });
        return image;
    }
}
