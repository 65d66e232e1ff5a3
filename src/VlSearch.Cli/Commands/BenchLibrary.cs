using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Indexing;

namespace VlSearch.Cli.Commands;

/// <summary>
/// A data folder holding a catalogued library of N photos for search benchmarks, on the embedded defaults (SQLite
/// catalog with its keyword index, USearch). Rows, keyword documents and vectors go in through the catalog and the
/// index synchronizer, as the indexer writes them, but no image is decoded: the files do not exist. Kept between runs
/// (a marker file records what it holds) and rebuilt when the count or the model differ.
/// </summary>
internal static class BenchLibrary
{
    public const string MarkerFile = "bench-library.json";

    /// <summary>Bumped when the generated content changes, so an old folder is rebuilt.</summary>
    private const int Version = 1;

    private const int BatchSize = 2_000;

    private static readonly string[] Places = ["Lake Tahoe", "Yosemite", "Paris", "Rome", "Lisbon", "Kyoto", "Iceland", "Grand Canyon", "Barcelona", "Amsterdam", "Prague", "Vienna", "Zion", "Big Sur", "Banff", "Santorini"];
    private static readonly string[] People = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Hugo", "Ivy", "Jonas", "Lena", "Max", "Nora", "Oscar"];
    private static readonly string[] Colors = ["red", "green", "blue", "yellow", "orange", "purple", "pink", "cyan"];
    private static readonly string[] Shapes = ["circle", "square", "triangle", "star", "cross", "ring"];
    private static readonly (string Make, string Model)[] Cameras = [("Canon", "Canon EOS R6"), ("NIKON CORPORATION", "NIKON Z 6"), ("Apple", "iPhone 13"), ("FUJIFILM", "X-T4"), ("SONY", "ILCE-7M3")];

    private sealed record Marker(int Version, int Photos, string Model, int Dimension);

    /// <summary>Text searches over the bench library's words: events, places, people, subjects, file names.</summary>
    public static List<string> Queries(int count, int seed)
    {
        var random = new Random(seed);
        var queries = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var subject = $"{Colors[random.Next(Colors.Length)]} {Shapes[random.Next(Shapes.Length)]}";
            queries.Add((i % 5) switch
            {
                0 => $"{Places[random.Next(Places.Length)].ToLowerInvariant()} trip",
                1 => $"birthday {People[random.Next(People.Length)].ToLowerInvariant()}",
                2 => $"a big {subject}",
                3 => $"{subject} {Places[random.Next(Places.Length)].ToLowerInvariant()}",
                _ => $"IMG_{random.Next(1000, 1200):D4}",
            });
        }

        return queries;
    }

    /// <summary>Makes <paramref name="folder"/> hold <paramref name="photos"/> catalogued photos embedded for <paramref name="model"/>.</summary>
    /// <returns>Whether an existing library was reused, and the build time in seconds (0 when reused).</returns>
    public static async Task<(bool Reused, double Seconds)> EnsureAsync(
        string folder, IEmbeddingModel model, int photos, IReadOnlyList<float[]> seeds, bool rebuild, CancellationToken cancellationToken)
    {
        var markerPath = Path.Combine(folder, MarkerFile);
        var wanted = new Marker(Version, photos, model.Id, model.Dimension);
        if (!rebuild && File.Exists(markerPath) && JsonSerializer.Deserialize<Marker>(await File.ReadAllTextAsync(markerPath, cancellationToken)) == wanted)
        {
            return (true, 0);
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            // Only a folder this benchmark made is emptied: a wrong --bench-data must not cost anyone their catalog.
            if (!File.Exists(markerPath))
            {
                throw new ArgumentException($"{folder} is not empty and holds no {MarkerFile}: give --bench-data an empty or a benchmark folder.");
            }

            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        var overrides = new Dictionary<string, string?>
        {
            ["Catalog:Provider"] = CatalogOptions.Sqlite,
            ["VectorIndex:Provider"] = VectorIndexOptions.Embedded,
        };
        var host = VlSearchHost.CreateBuilder(folder, overrides).Build();
        try
        {
            await host.StartAsync(cancellationToken);
            await FillAsync(host.Services, folder, model, photos, seeds, cancellationToken);
            Console.Error.WriteLine("bench: writing the vector index");
            await host.Services.GetRequiredService<IndexSynchronizer>().EnsureConsistentAsync(model.Id, model.Dimension, cancellationToken: cancellationToken);
            await host.Services.GetRequiredService<IVectorIndex>().FlushAsync(cancellationToken);
            await host.StopAsync(CancellationToken.None);
        }
        finally
        {
            await HostDisposal.DisposeAsync(host);
        }

        await File.WriteAllTextAsync(markerPath, JsonSerializer.Serialize(wanted), cancellationToken);
        return (false, Math.Round(clock.Elapsed.TotalSeconds, 1));
    }

    private static async Task FillAsync(IServiceProvider services, string folder, IEmbeddingModel model, int photos, IReadOnlyList<float[]> seeds, CancellationToken cancellationToken)
    {
        var catalog = services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        var root = Path.Combine(folder, "library");
        Library library;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            // The root is never created: the files do not exist, and a scan of a missing root changes nothing.
            library = new Library { Name = "bench", RootPath = root };
            db.Libraries.Add(library);
            await db.SaveChangesAsync(cancellationToken);
        }

        var random = new Random(7);
        var folders = Math.Max(1, photos / 200);
        for (var start = 0; start < photos; start += BatchSize)
        {
            var count = Math.Min(BatchSize, photos - start);
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var batch = new List<(Photo Photo, int Seed, string Event, string Subject)>(count);
            for (var i = start; i < start + count; i++)
            {
                var eventIndex = i % folders;
                var (eventName, word) = Event(eventIndex);
                var seed = random.Next(seeds.Count);
                var subject = $"a {(seed % 2 == 0 ? "big" : "small")} {Colors[seed % Colors.Length]} {Shapes[seed / Colors.Length % Shapes.Length]}";
                var camera = Cameras[eventIndex % Cameras.Length];                
                // Numbered within the folder as a camera numbers its files, so names are unique per folder.
                var number = 1000 + (i / folders);
                var name = random.Next(100) < 15 ? $"{word}-{number}" : $"IMG_{number:D4}";
                var photo = new Photo
                {
                    LibraryId = library.Id,
                    Path = Path.Combine(root, eventName, name + ".jpg"),
                    ContentHash = $"{i:x32}",
                    Size = 2_000_000 + random.Next(3_000_000),
                    ModifiedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i),
                    Width = 4000,
                    Height = 3000,
                    Format = "jpeg",
                    TakenAt = new DateTime(2015 + (eventIndex % 10), 1 + (eventIndex % 12), 1, 10, 0, 0, DateTimeKind.Utc).AddMinutes(i / folders),
                    CameraMake = camera.Make,
                    CameraModel = camera.Model,
                };
                batch.Add((photo, seed, eventName, subject));
            }

            db.Photos.AddRange(batch.Select(b => b.Photo));
            await db.SaveChangesAsync(cancellationToken);
            db.Embeddings.AddRange(batch.Select(b => EmbeddingCodec.CreateEmbedding(b.Photo.Id, model.Id, SyntheticVectors.Jitter(seeds[b.Seed], random), b.Photo.ContentHash)));
            await db.SaveChangesAsync(cancellationToken);
            await db.Keywords.UpsertAsync(db, [.. batch.Select(b => Document(b.Photo, b.Event, b.Subject, random.Next(100) < 15))], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Console.Error.WriteLine($"bench: catalogued {start + count}/{photos} photos");
        }
    }

    /// <summary>A unique folder name for event <paramref name="index"/> and the word descriptive file names use.</summary>
    private static (string Name, string Word) Event(int index)
    {
        var m = index / 2;
        if (index % 2 == 0)
        {
            var place = Places[m % Places.Length];
            var suffix = m >= Places.Length * 25 ? $" {(m / (Places.Length * 25)) + 1}" : "";
            return ($"{2000 + (m / Places.Length % 25)}-{1 + (m * 7 % 12):D2} {place} trip{suffix}", place.Split(' ')[^1].ToLowerInvariant());
        }

        var person = People[m % People.Length];
        var again = m >= People.Length * 25 ? $" {(m / (People.Length * 25)) + 1}" : "";
        return ($"Birthday {person} {2000 + (m / People.Length % 25)}{again}", person.ToLowerInvariant());
    }

    private static KeywordDocument Document(Photo photo, string eventName, string subject, bool sidecar) => new(photo.Id)
    {
        Name = KeywordTokenizer.ToIndexText(Path.GetFileName(photo.Path)),
        Folders = KeywordTokenizer.ToIndexText(eventName),
        Library = KeywordTokenizer.ToIndexText("bench"),
        Camera = KeywordTokenizer.ToIndexText($"{photo.CameraMake} {photo.CameraModel}"),
        Sidecar = sidecar ? KeywordTokenizer.ToIndexText($"{subject} at {eventName}") : "",
    };
}
