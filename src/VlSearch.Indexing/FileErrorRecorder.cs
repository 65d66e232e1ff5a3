using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;

namespace VlSearch.Indexing;

/// <summary>Records why a file could not be indexed, so later scans skip it until it changes.</summary>
internal sealed class FileErrorRecorder(IDbContextFactory<CatalogDbContext> catalog, EncodeReporter? telemetry = null)
{
    public async Task RecordAsync(RunState run, ScannedFile file, string stage, string reason, CancellationToken cancellationToken)
    {
        await RecordAsync(run.Library.Id, file.Path, file.Size, file.ModifiedAtUtc, stage, reason, cancellationToken);
        run.Failed++;
    }

    /// <summary>Records a failure of a file known by its path, size and write time (a catalogued photo's, for enrichment stages).</summary>
    public async Task RecordAsync(int libraryId, string path, long size, DateTime modifiedAtUtc, string stage, string reason, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var error = await db.FileErrors.FirstOrDefaultAsync(e => e.Path == path, cancellationToken);
        if (error is null)
        {
            error = new FileError { Path = path, Stage = stage, Reason = reason };
            db.FileErrors.Add(error);
        }

        error.LibraryId = libraryId;
        error.Stage = stage;
        error.Reason = reason;
        error.Size = size;
        error.ModifiedAt = modifiedAtUtc;
        error.OccurredAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        telemetry?.ReportFailure(stage);
    }
}
