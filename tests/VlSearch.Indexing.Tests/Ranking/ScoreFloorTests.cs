using VlSearch.Core;
using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Ranking;

public sealed class ScoreFloorTests : IAsyncLifetime
{
    private RankingLibrary library = null!;

    public async Task InitializeAsync() => library = await RankingLibrary.CreateStandardAsync();

    public async Task DisposeAsync() => await library.DisposeAsync();

    [Fact]
    public async Task The_floor_is_the_configured_percentile_of_unrelated_captions_against_the_library_and_is_measured_once()
    {
        var options = new SearchOptions { FloorPercentile = 90 };
        var calibrator = new ScoreFloorCalibrator(library.Index, library.Catalog.Factory, library.Floors, options);
        var captions = library.Model.Encode(UnrelatedCaptions.All);
        var collection = CollectionNames.ForModel(library.Model.Id);
        var expected = new List<double>();
        foreach (var id in new[] { "Trips/Lisbon/beach_sunset.jpg", "Trips/Lisbon/beach_people.jpg", "Home/IMG_2041.jpg", "Trips/Alps/snow.jpg", "Home/Pets/dog.jpg" })
        {
            var vector = (await library.Index.GetAsync(collection, library.Id(id)))!.Vector;
            expected.AddRange(captions.Select(c => (double)VectorMath.Cosine(c, vector)));
        }

        var encodedBefore = library.Model.Encoded;
        var floor = await calibrator.GetFloorAsync(library.Model);
        var encodedAfterFirst = library.Model.Encoded;
        var again = await calibrator.GetFloorAsync(library.Model);

        Assert.Equal(ScoreFloorCalibrator.Percentile(expected, 90), floor!.Value, 5);
        Assert.Equal(floor, again);
        Assert.Equal(UnrelatedCaptions.All.Count, encodedAfterFirst - encodedBefore);
        Assert.Equal(encodedAfterFirst, library.Model.Encoded);
        Assert.Equal(5, library.Floors.Get(collection)!.Count);
    }

    [Fact]
    public void A_stored_floor_survives_a_new_process_through_its_file()
    {
        using var folder = new PhotoFolder();
        var store = new ScoreFloorStore(folder.Root);
        store.Save(new ScoreFloor("c1", 10, 0.21, 95, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));

        var reopened = new ScoreFloorStore(folder.Root);

        Assert.Equal(0.21, reopened.Get("c1")!.Floor);
        Assert.Null(reopened.Get("c2"));
    }

    [Fact]
    public async Task A_floor_is_measured_again_once_the_collection_has_grown_by_more_than_a_tenth()
    {
        var calibrator = new ScoreFloorCalibrator(library.Index, library.Catalog.Factory, library.Floors, new SearchOptions());
        library.Floors.Save(new ScoreFloor(CollectionNames.ForModel(library.Model.Id), 100, 0.42, 95, DateTime.UtcNow));

        var floor = await calibrator.GetFloorAsync(library.Model);

        Assert.NotEqual(0.42, floor);
        Assert.Equal(5, library.Floors.Get(CollectionNames.ForModel(library.Model.Id))!.Count);
    }
}
