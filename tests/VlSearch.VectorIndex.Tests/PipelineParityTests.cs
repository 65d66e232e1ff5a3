using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;
using VlSearch.Core;
using VlSearch.Qdrant;
using VlSearch.Search;
using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;
using VlSearch.Sqlite;
using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>
/// The ranking pipeline over the embedded index and over the Qdrant adapter (against its gRPC test double), with the
/// same catalog and vectors: fusion runs in the application, so every query must rank the same ids in the same order.
/// </summary>
public sealed class PipelineParityTests : IAsyncLifetime
{
    private const int Dimension = 8;
    private static readonly string[] Vocabulary = ["beach", "snow", "city", "dog", "party", "forest", "lake", "night"];

    private readonly TempDirectory folder = new();
    private readonly ParityModel model = new();
    private SqliteConnection keepAlive = null!;
    private IDbContextFactory<CatalogDbContext> catalog = null!;
    private QdrantTestDoubleHost qdrantHost = null!;
    private IVectorIndex usearch = null!;
    private IVectorIndex qdrant = null!;

    public async Task InitializeAsync()
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = "parity-" + Guid.NewGuid().ToString("N"), Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared }.ConnectionString;
        keepAlive = new SqliteConnection(connection);
        await keepAlive.OpenAsync();
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        SqliteCatalogProvider.Instance.Configure(builder, connection);
        catalog = CatalogFactory.Create(builder.Options);
        await CatalogDatabase.MigrateAsync(catalog);

        qdrantHost = await QdrantTestDoubleHost.StartAsync();
        qdrant = new QdrantVectorIndex(new QdrantOptions { Url = qdrantHost.Url });
        usearch = new USearchVectorIndex(folder.Path, new USearchOptions { Quantization = USearchQuantization.F32 });
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await usearch.DisposeAsync();
        await qdrant.DisposeAsync();
        await qdrantHost.DisposeAsync();
        await keepAlive.DisposeAsync();
        folder.Dispose();
    }

    [Theory]
    [InlineData("beach dog", FusionMethod.ReciprocalRank)]
    [InlineData("snow lake", FusionMethod.RelativeScore)]
    [InlineData("night", FusionMethod.ReciprocalRank)]
    [InlineData("city party forest", FusionMethod.RelativeScore)]
    public async Task Hybrid_search_ranks_the_same_ids_over_the_embedded_index_and_qdrant(string text, FusionMethod fusion)
    {
        var words = text.Split(' ');
        var query = new ParsedQuery
        {
            Text = text,
            VectorTerms = [.. words.Select((w, i) => new QueryTerm(QueryTermKind.Text, w, i == 0 ? 1 : 0.5f, 0))],
            KeywordWords = words,
        };
        foreach (var filters in new[] { new QueryFilters(), new QueryFilters { Folders = ["even"] }, new QueryFilters { Libraries = ["Second"] } })
        {
            var request = new SearchRequest { Query = query with { Filters = filters }, Model = model, K = 30, Fusion = fusion, Stages = SearchStages.Hybrid, Explain = true };

            var embedded = await Pipeline(usearch).SearchAsync(request);
            var server = await Pipeline(qdrant).SearchAsync(request);

            Assert.NotEmpty(embedded.Hits);
            Assert.Equal(embedded.Hits.Select(h => h.Id), server.Hits.Select(h => h.Id));
            Assert.Equal(embedded.Hits.Select(h => h.Score), server.Hits.Select(h => h.Score), (a, b) => Math.Abs(a - b) < 1e-5);
        }
    }

    private SearchPipeline Pipeline(IVectorIndex index)
    {
        var options = new SearchOptions();
        return new SearchPipeline(index, catalog, new PhotoSearch(index, null!, null!), new ScoreFloorCalibrator(index, catalog, new ScoreFloorStore(null), options), options);
    }

    private async Task SeedAsync()
    {
        var spec = new CollectionSpec(model.Id, Dimension);
        await usearch.EnsureCollectionAsync(spec);
        await qdrant.EnsureCollectionAsync(spec);
        var random = new Random(1234);
        await using var db = await catalog.CreateDbContextAsync();
        var libraries = new[] { new Library { Name = "First", RootPath = "/first" }, new Library { Name = "Second", RootPath = "/second" } };
        db.Libraries.AddRange(libraries);
        await db.SaveChangesAsync();
        var records = new List<VectorRecord>();
        var documents = new List<KeywordDocument>();
        for (var i = 0; i < 80; i++)
        {
            var library = libraries[i % 2];
            var words = Enumerable.Range(0, 2).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]).Distinct().ToList();
            var photo = new Photo
            {
                LibraryId = library.Id,
                Path = $"{library.RootPath}/{(i % 4 < 2 ? "even" : "odd")}/{string.Join('_', words)}_{i:000}.jpg",
                ContentHash = i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture),
                Width = 400,
                Height = 300,
                Format = "jpeg",
            };
            db.Photos.Add(photo);
            await db.SaveChangesAsync();
            documents.Add(new KeywordDocument(photo.Id) { Name = KeywordTokenizer.ToIndexText(Path.GetFileName(photo.Path)), Library = KeywordTokenizer.ToIndexText(library.Name) });
            var vector = Enumerable.Range(0, Dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            records.Add(new VectorRecord(photo.Id, vector, PhotoPayloads.From(photo, library.Name)));
        }

        await db.Keywords.UpsertAsync(db, documents);
        await usearch.UpsertAsync(spec.Name, records);
        await qdrant.UpsertAsync(spec.Name, records);
        await usearch.FlushAsync();
    }

    /// <summary>A text tower that gives each word a fixed pseudo-random vector.</summary>
    private sealed class ParityModel : IEmbeddingModel, ITextEncoder
    {
        public string Id => "parity";

        public int Dimension => PipelineParityTests.Dimension;

        public IImageEncoder Image => throw new NotSupportedException("This model embeds no images.");

        public ITextEncoder? Text => this;

        public float[][] Encode(IReadOnlyList<string> texts) =>
            [.. texts.Select(t =>
            {
                var random = new Random(t.Aggregate(17, (h, c) => (h * 31) + c));
                var vector = Enumerable.Range(0, Dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
                VectorMath.NormalizeInPlace(vector);
                return vector;
            })];

        public void Dispose()
        {
        }
    }
}
