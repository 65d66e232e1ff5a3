using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Core.Jobs;
using VlSearch.Indexing;

namespace VlSearch.Jobs.Admin;

/// <summary>Libraries, failed files and catalog counts for the admin pages and API.</summary>
public sealed class LibraryAdmin(IDbContextFactory<CatalogDbContext> catalog, IVectorIndex index, IModelCache models, IBackgroundJobQueue queue, LibraryRootPolicy roots)
{
    /// <summary>Every library with its rules and counts, by name.</summary>
    public async Task<IReadOnlyList<LibraryInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var libraries = await db.Libraries.AsNoTracking().OrderBy(l => l.Name).ToListAsync(cancellationToken);
        var photos = await db.Photos.GroupBy(p => p.LibraryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var failed = await db.FileErrors.Where(e => e.LibraryId != null).GroupBy(e => e.LibraryId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return [.. libraries.Select(l => new LibraryInfo(
            l.Id, l.Name, l.RootPath, l.IncludeGlobs, l.ExcludeGlobs, l.IncludeHidden, l.ScanCron,
            photos.GetValueOrDefault(l.Id), failed.GetValueOrDefault(l.Id)))];
    }

    /// <summary>Whether any library exists.</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Libraries.AnyAsync(cancellationToken);
    }

    /// <summary>
    /// Adds a library (or updates the rules of the one at that folder). Throws <see cref="ArgumentException"/> for bad
    /// input, including a folder <see cref="LibraryRootPolicy"/> refuses.
    /// </summary>
    public async Task<LibraryInfo> AddAsync(LibraryRequestBody body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Path) || !Path.IsPathFullyQualified(body.Path))
        {
            throw new ArgumentException("The library folder must be an absolute path on the server.");
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(body.Path));
        if (!Directory.Exists(root))
        {
            throw new ArgumentException($"Folder not found on the server: {root}");
        }

        // Not the data folder, one above it or a system folder; under Libraries:AllowedRoots when that is set.
        roots.Check(root);

        var include = Clean(body.Include);
        var exclude = Clean(body.Exclude);
        var cron = string.IsNullOrWhiteSpace(body.ScanCron) ? null : body.ScanCron.Trim();
        if (cron is not null)
        {
            try
            {
                queue.ValidateCron(cron);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException(ex.Message, ex);
            }
        }

        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var library = await db.Libraries.FirstOrDefaultAsync(l => l.RootPath == root, cancellationToken);
        if (library is null)
        {
            var baseName = string.IsNullOrWhiteSpace(body.Name) ? (Path.GetFileName(root) is { Length: > 0 } n ? n : "library") : body.Name.Trim();
            var name = baseName;
            for (var i = 2; await db.Libraries.AnyAsync(l => l.Name == name, cancellationToken); i++)
            {
                name = $"{baseName}-{i}";
            }

            library = new Library { Name = name, RootPath = root };
            db.Libraries.Add(library);
        }

        library.IncludeGlobs = include;
        library.ExcludeGlobs = exclude;
        library.IncludeHidden = body.IncludeHidden ?? library.IncludeHidden;
        library.ScanCron = cron;
        await db.SaveChangesAsync(cancellationToken);
        if (cron is not null)
        {
            // At once, rather than at the next refresh of the schedules.
            queue.ScheduleRecurringScan(library.Id, cron);
        }

        return (await ListAsync(cancellationToken)).First(l => l.Id == library.Id);
    }

    /// <summary>Removes a library, its photos from the catalog and their vectors from the index. False when unknown.</summary>
    public async Task<bool> RemoveAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var library = await db.Libraries.FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (library is null)
        {
            return false;
        }

        var vectors = await db.Embeddings.Where(e => e.Photo!.LibraryId == id).Select(e => new { e.ModelId, e.PhotoId }).ToListAsync(cancellationToken);
        foreach (var group in vectors.GroupBy(v => v.ModelId))
        {
            await index.DeleteAsync(CollectionNames.ForModel(group.Key), [.. group.Select(v => v.PhotoId)], cancellationToken);
        }

        // The catalog goes last: if this stops halfway, the next start finds vectors without photos, never photos without vectors.
        await db.FileErrors.Where(e => e.LibraryId == id).ExecuteDeleteAsync(cancellationToken);
        db.Libraries.Remove(library);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Failed files by path.</summary>
    public Task<IReadOnlyList<FailedFile>> FailedFilesAsync(int limit, CancellationToken cancellationToken) =>
        new FailedFileQuery(catalog).FailedFilesAsync(limit: limit, cancellationToken: cancellationToken);

    /// <summary>Photos indexed from damaged files, by path.</summary>
    public Task<IReadOnlyList<PhotoWarning>> WarningsAsync(int limit, CancellationToken cancellationToken) =>
        new FailedFileQuery(catalog).WarningsAsync(limit, cancellationToken);

    /// <summary>Forgets recorded failures so the next run tries those files again; returns the libraries concerned.</summary>
    public async Task<IReadOnlyList<int>> ForgetFailuresAsync(long? fileErrorId, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var errors = db.FileErrors.Where(e => fileErrorId == null || e.Id == fileErrorId);
        var libraries = await errors.Where(e => e.LibraryId != null).Select(e => e.LibraryId!.Value).Distinct().ToListAsync(cancellationToken);
        await errors.ExecuteDeleteAsync(cancellationToken);
        return libraries;
    }

    /// <summary>Counts for the status panel; <paramref name="activeModel"/> is the model whose index count is shown.</summary>
    public async Task<CatalogStatus> StatusAsync(string activeModel, CancellationToken cancellationToken)
    {
        var summary = await new CatalogStatusQuery(catalog, index).SummarizeAsync(cancellationToken);
        long vectors = 0;
        try
        {
            var id = models.Get(activeModel).Id;
            vectors = summary.Models.FirstOrDefault(m => m.Model == id)?.Indexed ?? await index.CountAsync(CollectionNames.ForModel(id), cancellationToken);
        }
        catch (ModelLoadException)
        {
            // The status page must still open when the configured model cannot be loaded; it shows the name.
        }

        return new CatalogStatus(
            activeModel,
            summary.Libraries.Count,
            (int)summary.Photos,
            (int)summary.FailedFiles,
            vectors,
            summary.Models.ToDictionary(m => m.Model, m => (int)m.Stored))
        {
            Warnings = (int)summary.Warnings,
        };
    }

    private static List<string> Clean(IReadOnlyList<string>? globs) =>
        globs is null ? [] : [.. globs.Select(g => g.Trim()).Where(g => g.Length > 0).Distinct()];
}
