using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;

namespace VlSearch.Indexing;

/// <summary>Creates, finds and updates the libraries of the catalog: a library is known by its root folder.</summary>
internal sealed class LibraryRegistry(IDbContextFactory<CatalogDbContext> catalog)
{
    /// <summary>The full path of the request's folder, checked by <paramref name="policy"/> when given.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">The policy refuses the folder as a library root.</exception>
    public static string RequireFolder(LibraryRequest request, LibraryRootPolicy? policy = null)
    {
        if (policy is not null)
        {
            policy.Check(request.RootPath);
        }

        var root = Path.GetFullPath(request.RootPath);
        return Directory.Exists(root) ? root : throw new DirectoryNotFoundException($"Folder not found: {request.RootPath}");
    }

    /// <summary>The library with the given id, read within a context the caller goes on using.</summary>
    /// <exception cref="ArgumentException">No library has that id.</exception>
    public static async Task<Library> FindAsync(CatalogDbContext db, int libraryId, CancellationToken cancellationToken) =>
        await db.Libraries.AsNoTracking().FirstOrDefaultAsync(l => l.Id == libraryId, cancellationToken)
            ?? throw new ArgumentException($"No library with id {libraryId}.");

    /// <summary>
    /// The library rooted at <paramref name="root"/>, created under a unique name on first use; the request's rules,
    /// where given, replace the stored ones.
    /// </summary>
    public async Task<Library> EnsureAsync(string root, LibraryRequest request, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);

        // The common case, re-indexing a known library by its stored rules, reads one row without compiling a query.
        if (await CatalogProbe.LibraryByRootAsync(db, root, cancellationToken) is { } known && KeepsRules(known, request))
        {
            return known;
        }

        var library = await db.Libraries.FirstOrDefaultAsync(l => l.RootPath == root, cancellationToken);
        if (library is null)
        {
            var baseName = request.Name ?? (Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } n ? n : "library");
            var name = baseName;
            for (var i = 2; await db.Libraries.AnyAsync(l => l.Name == name, cancellationToken); i++)
            {
                name = $"{baseName}-{i}";
            }

            library = new Library { Name = name, RootPath = root, CreatedAt = DateTime.UtcNow };
            db.Libraries.Add(library);
        }

        if (request.Include is not null)
        {
            library.IncludeGlobs = [.. request.Include];
        }

        if (request.Exclude is not null)
        {
            library.ExcludeGlobs = [.. request.Exclude];
        }

        if (request.IncludeHidden is not null)
        {
            library.IncludeHidden = request.IncludeHidden.Value;
        }

        // Re-indexing a known library with its stored rules changes nothing; saving would still detect changes.
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return library;
    }

    private static bool KeepsRules(Library library, LibraryRequest request) =>
        (request.Include is null || request.Include.SequenceEqual(library.IncludeGlobs, StringComparer.Ordinal)) &&
        (request.Exclude is null || request.Exclude.SequenceEqual(library.ExcludeGlobs, StringComparer.Ordinal)) &&
        (request.IncludeHidden is null || request.IncludeHidden == library.IncludeHidden);
}
