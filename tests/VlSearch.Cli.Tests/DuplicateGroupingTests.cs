using System.Runtime.CompilerServices;
using System.Text.Json;
using VlSearch.Core;
using VlSearch.Search.Duplicates;
using VlSearch.USearch;

namespace VlSearch.Cli.Tests;

/// <summary>The grouping of near-duplicates: pairs through the index, union-find, the keeper rule and the exports.</summary>
public sealed class DuplicateGroupingTests : IDisposable
{
    private static readonly DateTime Start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder temp = new();

    [Fact]
    public void The_keeper_is_the_largest_photo_and_among_equals_the_oldest()
    {
        var small = Photo(1, 800, 600, Start);
        var largeNew = Photo(2, 4000, 3000, Start.AddDays(2));
        var largeOld = Photo(3, 3000, 4000, Start.AddDays(1));
        var largeTaken = Photo(4, 4000, 3000, Start.AddDays(5)) with { TakenAt = Start.AddYears(-1) };

        Assert.Equal(3, DuplicateGrouper.ChooseKeeper([small, largeNew, largeOld]).Id);
        Assert.Equal(4, DuplicateGrouper.ChooseKeeper([small, largeNew, largeOld, largeTaken]).Id);
        Assert.Equal(1, DuplicateGrouper.ChooseKeeper([small]).Id);
    }

    [Fact]
    public void Pairs_at_or_above_the_threshold_join_groups_transitively_and_weaker_pairs_do_not()
    {
        var photos = Enumerable.Range(1, 6).Select(i => Photo(i, 100 * i, 100, Start)).ToDictionary(p => p.Id);
        var vectors = photos.Keys.ToDictionary(id => id, id => Unit(id <= 3 ? 0 : 1, (int)id));
        var scan = new DuplicateScan(0.5f, 6, [new(1, 2, 0.95f), new(2, 3, 0.92f), new(3, 4, 0.7f), new(5, 6, 0.99f)], photos, vectors);

        var groups = DuplicateGrouper.Group(scan, 0.9f);

        Assert.Equal(2, groups.Count);
        Assert.Equal([3L, 2L, 1L], groups[0].Members.Select(m => m.Photo.Id).OrderDescending());
        Assert.Equal(3, groups[0].Keep.Id);
        Assert.Equal(1f, groups[0].Members[0].Score);
        Assert.Equal(6, groups[1].Keep.Id);
        Assert.Single(DuplicateGrouper.Group(scan, 0.96f));
        Assert.Equal(4, DuplicateGrouper.Group(scan, 0.6f)[0].Members.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => DuplicateGrouper.Group(scan, 0.4f));
    }

    [Fact]
    public async Task Scanning_asks_the_index_for_neighbours_and_groups_each_copy_with_its_original()
    {
        const int Originals = 60;
        var random = new Random(5);
        await using var index = new USearchVectorIndex(temp.Sub("index"));
        var spec = new CollectionSpec("dup-test", 64);
        await index.EnsureCollectionAsync(spec);
        var candidates = new List<DuplicateCandidate>();
        for (var i = 0; i < Originals; i++)
        {
            var original = Random(64, random);
            for (var copy = 0; copy < 3; copy++)
            {
                var id = candidates.Count + 1L;
                var vector = copy == 0 ? original : Near(original, 0.1f, random);
                candidates.Add(new DuplicateCandidate(Photo(id, copy == 0 ? 2000 : 1000, 1000, Start.AddMinutes(id)), vector));
            }
        }

        await index.UpsertAsync(spec.Name, [.. candidates.Select(c => new VectorRecord(c.Photo.Id, c.Vector, new PhotoPayload { Path = c.Photo.Path }))]);
        var reports = new List<DuplicateProgress>();
        var scan = await new DuplicateGrouper(index).ScanAsync(spec.Name, ToAsync(candidates), candidates.Count, 0.9f, 5, new SyncProgress(reports.Add));
        var groups = DuplicateGrouper.Group(scan, 0.9f);

        Assert.Equal(Originals, groups.Count);
        Assert.All(groups, g =>
        {
            Assert.Equal(3, g.Members.Count);
            Assert.Equal(2000, g.Keep.Width);
            Assert.Single(g.Members.Select(m => (m.Photo.Id - 1) / 3).Distinct());
            Assert.All(g.Members.Skip(1), m => Assert.InRange(m.Score, 0.9f, 1f));
        });
        Assert.Equal(candidates.Count, reports[^1].Done);
        Assert.Equal(candidates.Count, scan.Scanned);
    }

    [Fact]
    public async Task Cancelling_stops_a_scan()
    {
        await using var index = new USearchVectorIndex(temp.Sub("index"));
        var spec = new CollectionSpec("dup-cancel", 8);
        await index.EnsureCollectionAsync(spec);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var candidates = new[] { new DuplicateCandidate(Photo(1, 1, 1, Start), Random(8, new Random(1))) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DuplicateGrouper(index).ScanAsync(spec.Name, ToAsync(candidates), 1, 0.9f, 5, cancellationToken: cancel.Token));
    }

    [Fact]
    public void The_json_export_has_exactly_the_documented_shape_and_the_csv_quotes_paths()
    {
        var keep = Photo(1, 200, 100, Start) with { Path = "/p/a,\"b\".jpg" };
        var other = Photo(2, 100, 50, Start);
        var groups = new[] { new DuplicateGroup([new DuplicateMember(keep, 1f), new DuplicateMember(other, 0.97f)]) };

        var root = JsonDocument.Parse(DuplicateExport.ToJson(groups)).RootElement;
        Assert.Equal(["groups"], root.EnumerateObject().Select(p => p.Name));
        var group = root.GetProperty("groups")[0];
        Assert.Equal(["keep", "photos"], group.EnumerateObject().Select(p => p.Name));
        Assert.Equal(keep.Path, group.GetProperty("keep").GetString());
        var photo = group.GetProperty("photos")[1];
        Assert.Equal(["path", "score"], photo.EnumerateObject().Select(p => p.Name));
        Assert.Equal(other.Path, photo.GetProperty("path").GetString());
        Assert.Equal(0.97, photo.GetProperty("score").GetDouble(), 3);

        var csv = DuplicateExport.ToCsv(groups).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("group,keep,path,score,width,height", csv[0]);
        Assert.Equal("1,yes,\"/p/a,\"\"b\"\".jpg\",1,200,100", csv[1]);
        Assert.Equal("1,no,/p/2.jpg,0.97,100,50", csv[2]);
    }

    public void Dispose() => temp.Dispose();

    private static DuplicatePhoto Photo(long id, int width, int height, DateTime modified) => new(id, $"/p/{id}.jpg", width, height, null, modified);

    private static float[] Unit(int axis, int salt)
    {
        var vector = new float[4];
        vector[axis] = 1;
        vector[2] = salt * 0.01f;
        VectorMath.NormalizeInPlace(vector);
        return vector;
    }

    private static float[] Random(int dimension, Random random)
    {
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = (float)(random.NextDouble() - 0.5);
        }

        VectorMath.NormalizeInPlace(vector);
        return vector;
    }

    private static float[] Near(float[] seed, float amount, Random random)
    {
        var noise = Random(seed.Length, random);
        var vector = seed.Zip(noise, (s, n) => s + (amount * n)).ToArray();
        VectorMath.NormalizeInPlace(vector);
        return vector;
    }

    private static async IAsyncEnumerable<DuplicateCandidate> ToAsync(IEnumerable<DuplicateCandidate> candidates, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return candidate;
        }

        await Task.CompletedTask;
    }

    private sealed class SyncProgress(Action<DuplicateProgress> report) : IProgress<DuplicateProgress>
    {
        public void Report(DuplicateProgress value) => report(value);
    }
}
