using VlSearch.Indexing.Enrichment;
using VlSearch.Search;
using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>Catalog look-ups for pages and the API, in the shapes they show.</summary>
public sealed class PhotoCatalog(PhotoQueries queries, PhotoTagService? tags = null)
{
    public async Task<PhotoDetails?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var photo = await queries.GetAsync(id, cancellationToken);
        var details = tags is null || photo is null ? [] : await tags.GetAsync(id, cancellationToken) ?? [];
        return photo is null
            ? null
            : new PhotoDetails(
                photo.Id, photo.Path, photo.Library?.Name, photo.Width, photo.Height, photo.Format, photo.Size, photo.ModifiedAt,
                photo.TakenAt, photo.CameraMake, photo.CameraModel, photo.Latitude, photo.Longitude, photo.Orientation,
                photo.Tags, PhotoUrls.Thumbnail(photo.Id), PhotoUrls.Original(photo.Id))
            {
                Lens = photo.Lens,
                Keywords = photo.Keywords,
                Description = photo.Description,
                TagDetails = [.. details.Select(PhotoTagInfo.From)],
            };
    }

    public Task<PhotoFile?> GetFileAsync(long id, CancellationToken cancellationToken) => queries.GetFileAsync(id, cancellationToken);

    public Task<SearchFacets> GetFacetsAsync(CancellationToken cancellationToken) => queries.GetFacetsAsync(cancellationToken);
}
