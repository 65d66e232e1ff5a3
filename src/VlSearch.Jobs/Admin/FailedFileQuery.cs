using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;

namespace VlSearch.Jobs.Admin;

/// <summary>The files that could not be indexed, and the photos indexed with a warning, for every host.</summary>
public sealed class FailedFileQuery(IDbContextFactory<CatalogDbContext> catalog)
{
    /// <summary>Failed files ordered by path (or newest first), optionally of one library.</summary>
    public async Task<IReadOnlyList<FailedFile>> FailedFilesAsync(string? library = null, int limit = 1000, bool newestFirst = false, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var rows = db.FileErrors.AsNoTracking()
            .GroupJoin(db.Libraries, e => e.LibraryId, l => l.Id, (e, l) => new { Error = e, Libraries = l })
            .SelectMany(x => x.Libraries.DefaultIfEmpty(), (x, l) => new { x.Error, Library = l == null ? null : l.Name })
            .Where(x => library == null || x.Library == library);
        rows = newestFirst ? rows.OrderByDescending(x => x.Error.Id) : rows.OrderBy(x => x.Error.Path);
        var list = await rows.Take(Math.Clamp(limit, 1, 100_000)).ToListAsync(cancellationToken);
        return [.. list.Select(r => new FailedFile(r.Error.Id, r.Error.LibraryId, r.Library, r.Error.Path, r.Error.Stage, r.Error.Reason, r.Error.OccurredAt))];
    }

    /// <summary>Photos indexed from damaged files (see <see cref="Photo.DecodeWarning"/>), ordered by path.</summary>
    public async Task<IReadOnlyList<PhotoWarning>> WarningsAsync(int limit = 1000, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var list = await db.Photos.AsNoTracking()
            .Where(p => p.DecodeWarning != null)
            .OrderBy(p => p.Path)
            .Take(Math.Clamp(limit, 1, 100_000))
            .Select(p => new { p.Id, Library = p.Library!.Name, p.Path, p.DecodeWarning })
            .ToListAsync(cancellationToken);
        return [.. list.Select(p => new PhotoWarning(p.Id, p.Library, p.Path, p.DecodeWarning!))];
    }
}
