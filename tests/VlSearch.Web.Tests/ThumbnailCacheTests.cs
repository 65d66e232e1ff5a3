using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VlSearch.Hosting;
using VlSearch.Imaging;
using VlSearch.Search;
using VlSearch.Web.Services;

namespace VlSearch.Web.Tests;

/// <summary>The thumbnail folder stays under its limit by dropping what was viewed longest ago.</summary>
public sealed class ThumbnailCacheTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "vlsearch-thumbs-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Past_its_limit_the_cache_deletes_the_least_recently_viewed_thumbnails_and_makes_them_again_on_demand()
    {
        var photos = Enumerable.Range(0, 48).Select(WriteNoise).ToList();

        // Made one by one, each older than the next (by a cache without a limit, so nothing is trimmed meanwhile).
        var filling = Cache(0);
        var paths = new List<string>();
        for (var i = 0; i < photos.Count; i++)
        {
            var path = await filling.GetAsync(photos[i], 256, CancellationToken.None);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-96 + i));
            paths.Add(path);
        }

        Assert.True(paths.Sum(p => new FileInfo(p).Length) > 1 << 20, "the thumbnails do not pass the limit");

        // The first six are viewed again, which makes them the most recent.
        var cache = Cache(1);
        foreach (var photo in photos.Take(6))
        {
            await cache.GetAsync(photo, 256, CancellationToken.None);
        }

        var deleted = cache.Trim();

        var kept = paths.Where(File.Exists).ToList();
        Assert.True(deleted > 0);
        Assert.True(kept.Sum(p => new FileInfo(p).Length) <= (1 << 20) * 0.9);
        Assert.All(paths.Take(6), p => Assert.True(File.Exists(p), "a recently viewed thumbnail was deleted"));
        var gone = paths.Skip(6).TakeWhile(p => !File.Exists(p)).Count();
        Assert.Equal(deleted, gone);
        Assert.True(paths.Skip(6 + gone).All(File.Exists), "newer thumbnails went before older ones");

        // A deleted thumbnail is simply made again.
        var again = await cache.GetAsync(photos[6], 256, CancellationToken.None);
        Assert.True(File.Exists(again));
    }

    [Fact]
    public async Task Making_thumbnails_past_the_limit_trims_the_folder_by_itself()
    {
        var cache = Cache(1);
        foreach (var photo in Enumerable.Range(0, 60).Select(WriteNoise))
        {
            await cache.GetAsync(photo, 256, CancellationToken.None);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (FolderBytes(cache.Root) > 1 << 20)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the folder holds {FolderBytes(cache.Root)} bytes after 10 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Without_a_limit_nothing_is_deleted()
    {
        var cache = Cache(0);
        var paths = new List<string>();
        foreach (var photo in Enumerable.Range(0, 4).Select(WriteNoise))
        {
            paths.Add(await cache.GetAsync(photo, 256, CancellationToken.None));
        }

        Assert.Equal(0, cache.Trim());
        Assert.All(paths, p => Assert.True(File.Exists(p)));
    }

    [Fact]
    public async Task With_every_slot_taken_and_no_room_to_wait_a_thumbnail_request_is_refused_as_busy()
    {
        var photo = WriteNoise(1);
        using var cache = new ThumbnailCache(
            new PhotoDecoder(), new VlSearchPaths(Path.Combine(root, "data")), Options.Create(new WebOptions { ThumbnailQueueLength = 0 }));
        var held = new List<System.Threading.RateLimiting.RateLimitLease>();
        try
        {
            for (var i = 0; i < Environment.ProcessorCount; i++)
            {
                var lease = await cache.AcquireSlotAsync(CancellationToken.None);
                Assert.True(lease.IsAcquired);
                held.Add(lease);
            }

            var busy = await Assert.ThrowsAsync<ServerBusyException>(() => cache.GetAsync(photo, 256, CancellationToken.None));
            Assert.True(busy.RetryAfter > TimeSpan.Zero);
        }
        finally
        {
            held.ForEach(l => l.Dispose());
        }

        Assert.True(File.Exists(await cache.GetAsync(photo, 256, CancellationToken.None)));
    }

    [Theory]
    [InlineData(33, 64)]
    [InlineData(256, 256)]
    [InlineData(300, 512)]
    [InlineData(1100, 1280)]
    [InlineData(4096, 2048)]
    public void A_requested_size_maps_to_the_next_allowed_size_up_or_the_largest(int requested, int served)
    {
        using var cache = Cache(0);
        Assert.Equal(served, cache.Allowed(requested));
    }

    [Fact]
    public void Configured_sizes_replace_the_defaults_but_keep_the_grid_and_preview_sizes()
    {
        using var cache = new ThumbnailCache(
            new PhotoDecoder(), new VlSearchPaths(Path.Combine(root, "data")), Options.Create(new WebOptions { ThumbnailSizes = [100, 200] }));
        Assert.Equal(new[] { 100, 200, 256, 1280 }, cache.Sizes);
    }

    [Fact]
    public async Task A_photo_replaced_by_a_link_while_its_thumbnail_is_made_is_refused_and_nothing_is_cached()
    {
        var photo = WriteNoise(7);
        var info = new FileInfo(photo.Path);
        photo = photo with { Size = info.Length, ModifiedAt = info.LastWriteTimeUtc, LibraryRoot = root };
        var elsewhere = Path.Combine(Path.GetTempPath(), "vlsearch-elsewhere-" + Guid.NewGuid().ToString("N")[..8] + ".png");
        File.Copy(photo.Path, elsewhere);
        File.SetLastWriteTimeUtc(elsewhere, info.LastWriteTimeUtc);
        var data = new VlSearchPaths(Path.Combine(root, "data"));
        try
        {
            // The swap happens inside the decode, after the request's own check passed.
            var swapping = new SwappingDecoder(new PhotoDecoder(), () =>
            {
                File.Delete(photo.Path);
                File.CreateSymbolicLink(photo.Path, elsewhere);
            });
            using var cache = new ThumbnailCache(swapping, data, Options.Create(new WebOptions()));

            var e = await Assert.ThrowsAsync<VlSearch.Core.PhotoDecodeException>(() => cache.GetAsync(photo, 256, CancellationToken.None));

            Assert.Contains("changed while its thumbnail was made", e.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.Exists(data.Root) ? Directory.EnumerateFiles(data.Root, "*", SearchOption.AllDirectories) : []);
        }
        finally
        {
            File.Delete(elsewhere);
        }
    }

    private sealed class SwappingDecoder(VlSearch.Core.IPhotoDecoder inner, Action swap) : VlSearch.Core.IPhotoDecoder
    {
        public IReadOnlySet<string> SupportedExtensions => inner.SupportedExtensions;

        public VlSearch.Core.PhotoMetadata ReadMetadata(string path) => inner.ReadMetadata(path);

        public VlSearch.Core.DecodedPhoto Decode(string path, int minShortEdge, CancellationToken cancellationToken = default)
        {
            var decoded = inner.Decode(path, minShortEdge, cancellationToken);
            swap();
            return decoded;
        }
    }

    private ThumbnailCache Cache(long megabytes) =>
        new(new PhotoDecoder(), new VlSearchPaths(Path.Combine(root, "data")), Options.Create(new WebOptions { ThumbnailCacheMegabytes = megabytes }));

    private static long FolderBytes(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*.jpg", SearchOption.AllDirectories).Sum(f => f.Length);

    private PhotoFile WriteNoise(int seed)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, $"noise-{seed}.png");
        var random = new Random(seed);
        using var image = new Image<Rgb24>(512, 512);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var pixel in rows.GetRowSpan(y))
                {
                    pixel = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }
        });
        image.SaveAsPng(path);
        return new PhotoFile(seed, path, $"{seed:x8}0123456789abcdef", "png");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
