using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using VlSearch.Core;
using VlSearch.Core.Answers;
using VlSearch.Search;
using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;

namespace VlSearch.Hosting.Answers;

/// <summary>
/// The photo plugin's functions over search and the catalog, for one answer. Only file and folder names, dates,
/// cameras, captions and tags go back to the model, never full paths; every id returned becomes citable.
/// </summary>
public sealed class CatalogPhotoTools(ISearchPipeline pipeline, PhotoSearch search, PhotoVectors vectors, PhotoQueries photos, IEmbeddingModel model) : IPhotoTools
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<long, byte> _returned = new();

    /// <summary>Ids the functions returned so far.</summary>
    public IReadOnlyCollection<long> ReturnedIds => [.. _returned.Keys];

    public async Task<string> SearchAsync(string query, int k, CancellationToken cancellationToken)
    {
        ParsedQuery parsed;
        try
        {
            parsed = QueryParser.Parse(query);
        }
        catch (QuerySyntaxException ex)
        {
            return JsonSerializer.Serialize(new { error = ex.Message }, Json);
        }

        var results = await pipeline.SearchAsync(new SearchRequest { Query = parsed, Model = model, K = k, AllowImageFiles = false }, cancellationToken);
        return Hits(results.Hits.Select(h => (h.Id, h.Path, h.Score, h.Payload?.TakenAt)));
    }

    public async Task<string> SimilarAsync(string photoId, int k, CancellationToken cancellationToken)
    {
        if (!TryId(photoId, out var id) || await vectors.FindAsync(model, id, cancellationToken) is not { } vector)
        {
            return JsonSerializer.Serialize(new { error = $"No indexed photo has id {photoId}." }, Json);
        }

        var hits = await search.SearchVectorAsync(model, vector, k + 1, cancellationToken: cancellationToken);
        return Hits(hits.Where(h => h.Id != id).Take(k).Select(h => (h.Id, h.Payload.Path, (double)h.Score, h.Payload.TakenAt)));
    }

    public async Task<string> DetailsAsync(string photoId, CancellationToken cancellationToken)
    {
        if (!TryId(photoId, out var id) || await photos.GetAsync(id, cancellationToken) is not { } photo)
        {
            return JsonSerializer.Serialize(new { error = $"No photo has id {photoId}." }, Json);
        }

        _returned.TryAdd(id, 0);
        return JsonSerializer.Serialize(
            new
            {
                id = photo.Id.ToString(CultureInfo.InvariantCulture),
                file = ShortName(photo.Path),
                takenAt = photo.TakenAt,
                camera = string.Join(' ', new[] { photo.CameraMake, photo.CameraModel }.Where(s => !string.IsNullOrWhiteSpace(s))),
                latitude = photo.Latitude,
                longitude = photo.Longitude,
                caption = photo.Caption,
                keywords = photo.Keywords,
            },
            Json);
    }

    public async Task<string> TagsAsync(string photoId, CancellationToken cancellationToken)
    {
        if (!TryId(photoId, out var id) || await photos.GetAsync(id, cancellationToken) is not { } photo)
        {
            return JsonSerializer.Serialize(new { error = $"No photo has id {photoId}." }, Json);
        }

        _returned.TryAdd(id, 0);
        return JsonSerializer.Serialize(new { id = photoId, tags = photo.Tags }, Json);
    }

    /// <summary>The last folder and the file name: enough for a model to tell albums apart, without the rest of the path.</summary>
    public static string ShortName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetFileName(Path.GetDirectoryName(path));
        return string.IsNullOrEmpty(folder) ? Path.GetFileName(path) : folder + "/" + Path.GetFileName(path);
    }

    private string Hits(IEnumerable<(long Id, string Path, double Score, DateTime? TakenAt)> hits)
    {
        var list = hits.ToList();
        foreach (var hit in list)
        {
            _returned.TryAdd(hit.Id, 0);
        }

        return JsonSerializer.Serialize(
            list.Select(h => new { id = h.Id.ToString(CultureInfo.InvariantCulture), file = ShortName(h.Path), score = Math.Round(h.Score, 3), takenAt = h.TakenAt }),
            Json);
    }

    private static bool TryId(string text, out long id) => long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
