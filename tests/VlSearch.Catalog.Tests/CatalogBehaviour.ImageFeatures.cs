using Microsoft.EntityFrameworkCore;
using VlSearch.Core.Matching;

namespace VlSearch.Catalog.Tests;

/// <summary>The store of matcher image features, on every provider.</summary>
public abstract partial class CatalogBehaviour
{
    private const string Matcher = "test-itm";

    [SkippableFact]
    public async Task Image_features_round_trip_at_half_precision_per_matcher()
    {
        var (store, ids) = await FeatureStoreWithPhotosAsync(3);
        var features = ids.Select((id, i) => KeyValuePair.Create(id, FeatureValues(392, i))).ToList();
        await store.PutAsync(Matcher, features);
        await store.PutAsync("other-itm", [KeyValuePair.Create(ids[0], FeatureValues(4, 99))]);

        var read = await store.GetAsync(Matcher, [.. ids, 123_456_789]);

        Assert.Equal(ids.Order(), read.Keys.Order());
        foreach (var (id, expected) in features)
        {
            var actual = read[id];
            Assert.Equal(expected.Length, actual.Length);
            // Half precision keeps 11 significant bits: within [-4, 4] rounding moves a value by at most 2^-10.
            var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
            Assert.True(worst <= 1e-3f, $"largest error {worst}");
        }

        Assert.Equal(4, (await store.GetAsync("other-itm", ids))[ids[0]].Length);
        Assert.Empty(await store.GetAsync(Matcher, []));
        await using var db = await Factory.CreateDbContextAsync();
        var row = await db.ImageFeatures.SingleAsync(f => f.PhotoId == ids[0] && f.Model == Matcher);
        Assert.Equal(392, row.Length);
        Assert.Equal(392 * 2, row.Data.Length);
        Assert.NotEqual(default, row.UpdatedAt);
    }

    [SkippableFact]
    public async Task Missing_lists_photos_without_features_by_id_after_a_given_id()
    {
        var (store, ids) = await FeatureStoreWithPhotosAsync(5);
        await store.PutAsync(Matcher, [KeyValuePair.Create(ids[1], FeatureValues(8, 1)), KeyValuePair.Create(ids[3], FeatureValues(8, 3))]);
        await store.PutAsync("other-itm", [KeyValuePair.Create(ids[0], FeatureValues(8, 0))]);

        Assert.Equal([ids[0], ids[2], ids[4]], await store.MissingAsync(Matcher, long.MinValue, 10));
        Assert.Equal([ids[0], ids[2]], await store.MissingAsync(Matcher, long.MinValue, 2));
        Assert.Equal([ids[4]], await store.MissingAsync(Matcher, ids[2], 10));
        Assert.Equal(ids.Skip(1), await store.MissingAsync("other-itm", long.MinValue, 10));
        Assert.Equal(2, await store.CountAsync(Matcher));
        Assert.Equal(1, await store.CountAsync("other-itm"));
        Assert.Equal(0, await store.CountAsync("unknown"));
    }

    [SkippableFact]
    public async Task Putting_features_again_replaces_them_and_remove_forgets_one_matcher_only()
    {
        var (store, ids) = await FeatureStoreWithPhotosAsync(2);
        await store.PutAsync(Matcher, [KeyValuePair.Create(ids[0], FeatureValues(6, 1)), KeyValuePair.Create(ids[1], FeatureValues(6, 2))]);
        await store.PutAsync("other-itm", [KeyValuePair.Create(ids[0], FeatureValues(6, 3))]);

        var replacement = new[] { 1f, -2f, 3.5f };
        await store.PutAsync(Matcher, [KeyValuePair.Create(ids[0], replacement)]);
        Assert.Equal(replacement, (await store.GetAsync(Matcher, [ids[0]]))[ids[0]]);
        Assert.Equal(2, await store.CountAsync(Matcher));

        await store.RemoveAsync(Matcher);
        Assert.Equal(0, await store.CountAsync(Matcher));
        Assert.Empty(await store.GetAsync(Matcher, ids));
        Assert.Equal(1, await store.CountAsync("other-itm"));
    }

    [SkippableFact]
    public async Task Features_leave_with_their_photo_and_its_library_and_stay_when_the_file_moves()
    {
        var (store, ids) = await FeatureStoreWithPhotosAsync(3);
        await store.PutAsync(Matcher, [.. ids.Select((id, i) => KeyValuePair.Create(id, FeatureValues(4, i)))]);

        await using (var db = await Factory.CreateDbContextAsync())
        {
            // A move keeps the photo row: only its path changes.
            var moved = await db.Photos.SingleAsync(p => p.Id == ids[2]);
            moved.Path = "/features/elsewhere/2.jpg";
            await db.SaveChangesAsync();

            // Set-based, as the indexer removes vanished files: the foreign key cascades, not EF.
            Assert.Equal(1, await db.Photos.Where(p => p.Id == ids[0]).ExecuteDeleteAsync());
        }

        Assert.Equal([ids[1], ids[2]], (await store.GetAsync(Matcher, ids)).Keys.Order());

        await using (var db = await Factory.CreateDbContextAsync())
        {
            db.Libraries.Remove(await db.Libraries.SingleAsync(l => l.Name == "features"));
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, await store.CountAsync(Matcher));
    }

    [SkippableFact]
    public async Task Features_of_a_file_rewritten_in_place_are_stale_until_replaced()
    {
        var (store, ids) = await FeatureStoreWithPhotosAsync(2);
        await store.PutAsync(Matcher, [.. ids.Select((id, i) => KeyValuePair.Create(id, FeatureValues(4, i)))]);
        await using (var db = await Factory.CreateDbContextAsync())
        {
            var rewritten = await db.Photos.SingleAsync(p => p.Id == ids[1]);
            rewritten.ContentHash = Samples.Hash("new content");
            await db.SaveChangesAsync();
        }

        Assert.Equal([ids[0]], (await store.GetAsync(Matcher, ids)).Keys);
        Assert.Equal(1, await store.CountAsync(Matcher));
        Assert.Equal([ids[1]], await store.MissingAsync(Matcher, long.MinValue, 10));

        await store.PutAsync(Matcher, [KeyValuePair.Create(ids[1], new[] { 0.5f })]);
        Assert.Equal(new[] { 0.5f }, (await store.GetAsync(Matcher, [ids[1]]))[ids[1]]);
        Assert.Empty(await store.MissingAsync(Matcher, long.MinValue, 10));
    }

    [SkippableFact]
    public async Task Features_of_photos_not_in_the_catalog_are_not_stored()
    {
        var (store, ids) = await FeatureStoreWithPhotosAsync(1);
        await store.PutAsync(Matcher, [KeyValuePair.Create(ids[0], new[] { 1f }), KeyValuePair.Create(ids[0] + 1000, new[] { 2f })]);
        Assert.Equal(1, await store.CountAsync(Matcher));
    }

    private async Task<(IImageFeatureStore Store, long[] Ids)> FeatureStoreWithPhotosAsync(int count)
    {
        var factory = await MigratedAsync();
        await using var db = await factory.CreateDbContextAsync();
        var library = Samples.Library("features");
        var photos = Enumerable.Range(0, count).Select(i => Samples.Photo(library, $"/features/{i}.jpg")).ToList();
        db.AddRange(photos);
        await db.SaveChangesAsync();
        return (new CatalogImageFeatureStore(factory), [.. photos.Select(p => p.Id)]);
    }

    private static float[] FeatureValues(int length, int seed) => [.. Samples.Vector(length, seed).Select(v => v * 4)];
}
