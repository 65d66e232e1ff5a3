using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Indexing;
using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>Read-only catalog queries for pages and the API.</summary>
public sealed class PhotoCatalog(IDbContextFactory<CatalogDbContext> catalog)
{
    public async Task<PhotoDetails?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var photo = await db.Photos.AsNoTracking().Include(p => p.Library).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return photo is null
            ? null
            : new PhotoDetails(
                photo.Id, photo.Path, photo.Library?.Name, photo.Width, photo.Height, photo.Format, photo.Size, photo.ModifiedAt,
                photo.TakenAt, photo.CameraMake, photo.CameraModel, photo.Latitude, photo.Longitude, photo.Orientation,
                photo.Tags, PhotoUrls.Thumbnail(photo.Id), PhotoUrls.Original(photo.Id));
    }

    public async Task<PhotoFile?> GetFileAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Photos.AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new PhotoFile(p.Id, p.Path, p.ContentHash, p.Format))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<SearchFacets> GetFacetsAsync(CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var libraries = await db.Libraries.AsNoTracking().Select(l => l.Name).OrderBy(n => n).ToListAsync(cancellationToken);
        var cameras = (await db.Photos.AsNoTracking()
                .Where(p => p.CameraMake != null || p.CameraModel != null)
                .Select(p => new { p.CameraMake, p.CameraModel })
                .Distinct()
                .ToListAsync(cancellationToken))
            .Select(c => PhotoPayloads.CameraName(c.CameraMake, c.CameraModel))
            .OfType<string>()
            .Distinct()
            .Order()
            .ToList();
        var types = await db.Photos.AsNoTracking().Where(p => p.Format != null).Select(p => p.Format!).Distinct().OrderBy(f => f).ToListAsync(cancellationToken);
        return new SearchFacets(libraries, cameras, types);
    }
}
