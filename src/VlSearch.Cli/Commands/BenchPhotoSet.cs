using VlSearch.Core;
using VlSearch.Indexing;

namespace VlSearch.Cli.Commands;

/// <summary>
/// The photos a benchmark runs on: up to a count of the user's own from a folder, or that many generated photo-sized
/// JPEGs (<see cref="BenchPhotos"/>), which are deleted with the set.
/// </summary>
internal sealed class BenchPhotoSet : IDisposable
{
    private readonly string? generated;

    private BenchPhotoSet(List<string> files, string? generated)
    {
        Files = files;
        this.generated = generated;
    }

    public List<string> Files { get; }

    public static BenchPhotoSet Gather(string? folder, int count, IPhotoDecoder decoder, CancellationToken cancellationToken)
    {
        if (folder is not null)
        {
            var rules = new ScanRules { Extensions = decoder.SupportedExtensions };
            return new BenchPhotoSet([.. FileScanner.Scan(folder, rules, cancellationToken: cancellationToken).Take(count).Select(f => f.Path)], null);
        }

        var generated = Path.Combine(Path.GetTempPath(), "vlsearch-bench-images-" + Guid.NewGuid().ToString("N")[..8]);
        Console.Error.WriteLine($"bench: writing {count} photo-sized JPEGs (use --images for your own photos)");
        return new BenchPhotoSet(BenchPhotos.Write(generated, count, cancellationToken), generated);
    }

    public void Dispose()
    {
        if (generated is not null && Directory.Exists(generated))
        {
            Directory.Delete(generated, recursive: true);
        }
    }
}
