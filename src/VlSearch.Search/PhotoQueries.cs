using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;

namespace VlSearch.Search;

/// <summary>Read-only catalog look-ups around search results: a photo's record, its file, the filter values.</summary>
public sealed class PhotoQueries(IDbContextFactory<CatalogDbContext> catalog)
{
    /// <summary>The photo with its library, or null.</summary>
    public async Task<Photo?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Photos.AsNoTracking().Include(p => p.Library).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    /// <summary>The photo's file as catalogued (with its size, time and library root), or null.</summary>
    public async Task<PhotoFile?> GetFileAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Photos.AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new PhotoFile(p.Id, p.Path, p.ContentHash, p.Format, p.Size, p.ModifiedAt, p.Library!.RootPath))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Libraries, cameras and file types present in the catalog, sorted.</summary>
    public async Task<SearchFacets> GetFacetsAsync(CancellationToken cancellationToken = default)
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
