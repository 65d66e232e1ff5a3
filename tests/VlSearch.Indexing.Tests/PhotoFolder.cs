using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace VlSearch.Indexing.Tests;

/// <summary>A temporary library folder of small single-colour PNG photos; deleted on dispose.</summary>
public sealed class PhotoFolder : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "vlsearch-indexing-tests", Guid.NewGuid().ToString("N"));

    public PhotoFolder()
    {
        Directory.CreateDirectory(Root);
    }

    /// <summary>Writes a 32×32 photo of one colour at a path relative to the root; returns its full path.</summary>
    public string Write(string relativePath, byte r, byte g, byte b)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<Rgb24>(32, 32, new Rgb24(r, g, b));
        image.SaveAsPng(path);
        return path;
    }

    public string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
