using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace VlSearch.Load;

/// <summary>Small distinct JPEGs (colour fields with a shape), generated fast enough to make tens of thousands.</summary>
internal static class LoadPhotos
{
    public static readonly string[] Colours = ["red", "green", "blue", "yellow", "purple", "orange", "white", "black"];

    private static readonly Rgb24[] Values =
    [
        new(210, 40, 40), new(40, 180, 60), new(40, 60, 210), new(230, 220, 50),
        new(140, 50, 170), new(240, 140, 30), new(245, 245, 245), new(15, 15, 15),
    ];

    /// <summary>Writes photos 0..count-1 that are not there yet; returns every path.</summary>
    public static List<string> Ensure(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var paths = Enumerable.Range(0, count).Select(i => Path.Combine(folder, $"{i / 1000:D3}", $"photo-{i:D6}.jpg")).ToList();
        Parallel.For(0, count, i =>
        {
            if (File.Exists(paths[i]))
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(paths[i])!);
            File.WriteAllBytes(paths[i], Encode(i));
        });
        return paths;
    }

    public static byte[] Encode(int i)
    {
        var random = new Random(i);
        var background = Values[i % Values.Length];
        var shape = Values[(i / Values.Length) % Values.Length];
        using var image = new Image<Rgb24>(320, 240, background);
        var (cx, cy, r) = (random.Next(60, 260), random.Next(60, 180), random.Next(20, 60));
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < r * r)
                    {
                        row[x] = shape;
                    }
                }
            }
        });
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = 80 });
        return stream.ToArray();
    }
}
