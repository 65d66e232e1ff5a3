using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;
using VlSearch.Core;
using VlSearch.Search;
using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Ranking;

/// <summary>
/// A small catalogued library whose vectors, keyword text and metadata a test chooses: photos in a SQLite memory
/// catalog (with their keyword documents) and their vectors in a vector index, searched through the real pipeline.
/// </summary>
public sealed class RankingLibrary : IAsyncDisposable
{
    public const string Root = "/library";

    private readonly InMemoryCatalog catalog;
    private readonly Dictionary<string, long> ids = new(StringComparer.Ordinal);

    private RankingLibrary(InMemoryCatalog catalog, IVectorIndex index, KeyedTextModel model)
    {
        this.catalog = catalog;
        Index = index;
        Model = model;
        Floors = new ScoreFloorStore(null);
    }

    public IVectorIndex Index { get; }

    public KeyedTextModel Model { get; }

    public ScoreFloorStore Floors { get; }

    public InMemoryCatalog Catalog => catalog;

    /// <summary>The words of the test model: beach, sunset, people, cake, snow, dog.</summary>
    public static IReadOnlyDictionary<string, float[]> Words { get; } = new Dictionary<string, float[]>(StringComparer.Ordinal)
    {
        ["beach"] = [1, 0, 0],
        ["sunset"] = [0.9f, 0, 0.1f],
        ["people"] = [0.8f, 0.2f, 0],
        ["cake"] = [0, 1, 0],
        ["snow"] = [0, 0, 1],
        ["dog"] = [0.5f, 0.5f, 0],
    };

    public static async Task<RankingLibrary> CreateAsync(IVectorIndex? index = null)
    {
        var library = new RankingLibrary(await InMemoryCatalog.CreateAsync(), index ?? new InMemoryVectorIndex(), new KeyedTextModel(Words));
        await library.Index.EnsureCollectionAsync(new CollectionSpec(library.Model.Id, library.Model.Dimension));
        return library;
    }

    /// <summary>
    /// Five photos: two beach shots in Trips/Lisbon, a cake in Home named IMG_2041, a snow shot in Trips/Alps stored
    /// landscape but turned to portrait by its EXIF orientation, and a dog in Home/Pets.
    /// </summary>
    public static async Task<RankingLibrary> CreateStandardAsync(IVectorIndex? index = null)
    {
        var library = await CreateAsync(index);
        await library.AddAsync(new("Trips/Lisbon/beach_sunset.jpg", [1, 0, 0.05f]) { Caption = "golden beach at sunset", Camera = "Canon", Lens = "EF50mm f/1.8 STM", Width = 400, Height = 300, Latitude = 38.72, Longitude = -9.14 });
        await library.AddAsync(new("Trips/Lisbon/beach_people.jpg", [0.85f, 0.3f, 0]) { Caption = "crowded beach with people", Width = 300, Height = 400, Latitude = 38.70, Longitude = -9.20 });
        await library.AddAsync(new("Home/IMG_2041.jpg", [0, 1, 0.1f]) { Caption = "birthday cake", Width = 500, Height = 505 });
        await library.AddAsync(new("Trips/Alps/snow.jpg", [0.1f, 0, 1]) { Caption = "snowy mountain", Width = 400, Height = 300, Orientation = 6, Latitude = 46.5, Longitude = 8.0, Camera = "Canon", Lens = "Canon RF24-70mm F2.8 L IS USM" });
        await library.AddAsync(new("Home/Pets/dog.jpg", [0.5f, 0.55f, 0]) { Caption = "a dog in the garden", Width = 640, Height = 480 });
        return library;
    }

    /// <summary>The catalog id of the photo at <paramref name="relativePath"/>.</summary>
    public long Id(string relativePath) => ids[relativePath];

    /// <summary>The absolute path of a photo.</summary>
    public static string PathOf(string relativePath) => Root + "/" + relativePath;

    /// <summary>A pipeline over this library.</summary>
    public SearchPipeline Pipeline(SearchOptions? options = null, IRerankStage? reranker = null)
    {
        options ??= new SearchOptions();
        return new SearchPipeline(
            Index,
            catalog.Factory,
            new PhotoSearch(Index, new VlSearch.Imaging.PhotoDecoder(), new VlSearch.Imaging.ImagePreprocessor()),
            new ScoreFloorCalibrator(Index, catalog.Factory, Floors, options),
            options,
            reranker);
    }

    /// <summary>Catalogs a photo, writes its keyword document and its vector.</summary>
    public async Task<long> AddAsync(LibraryPhoto photo, string libraryName = "Family")
    {
        await using var db = await catalog.Factory.CreateDbContextAsync();
        var library = db.Libraries.FirstOrDefault(l => l.Name == libraryName);
        if (library is null)
        {
            library = new Library { Name = libraryName, RootPath = Root + "/" + libraryName.ToLowerInvariant() };
            db.Libraries.Add(library);
            await db.SaveChangesAsync();
        }

        var row = new Photo
        {
            LibraryId = library.Id,
            Path = PathOf(photo.RelativePath),
            ContentHash = Guid.NewGuid().ToString("N"),
            Width = photo.Width,
            Height = photo.Height,
            Orientation = photo.Orientation,
            Format = "jpeg",
            CameraMake = photo.Camera,
            Lens = photo.Lens,
            Latitude = photo.Latitude,
            Longitude = photo.Longitude,
            Caption = photo.Caption,
            TakenAt = photo.TakenAt,
            Tags = [.. photo.Tags],
        };
        db.Photos.Add(row);
        await db.SaveChangesAsync();
        var folders = Path.GetDirectoryName(photo.RelativePath) ?? "";
        await db.Keywords.UpsertAsync(db, [new KeywordDocument(row.Id)
        {
            Name = KeywordTokenizer.ToIndexText(Path.GetFileName(photo.RelativePath)),
            Folders = KeywordTokenizer.ToIndexText(folders),
            Library = KeywordTokenizer.ToIndexText(libraryName),
            Camera = KeywordTokenizer.ToIndexText(photo.Camera),
            Caption = KeywordTokenizer.ToIndexText(photo.Caption),
            Tags = KeywordTokenizer.ToIndexText(string.Join(' ', photo.Tags)),
        }]);
        await Index.UpsertAsync(CollectionNames.ForModel(Model.Id), [new VectorRecord(row.Id, photo.Vector, PhotoPayloads.From(row, libraryName))]);
        ids[photo.RelativePath] = row.Id;
        return row.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await Index.DisposeAsync();
        await catalog.DisposeAsync();
    }
}
