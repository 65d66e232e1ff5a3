using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;

namespace VlSearch.Indexing;

/// <summary>Records why a file could not be indexed, so later scans skip it until it changes.</summary>
internal sealed class FileErrorRecorder(IDbContextFactory<CatalogDbContext> catalog, EncodeReporter? telemetry = null)
{
    public async Task RecordAsync(RunState run, ScannedFile file, string stage, string reason, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var error = await db.FileErrors.FirstOrDefaultAsync(e => e.Path == file.Path, cancellationToken);
        if (error is null)
        {
            error = new FileError { Path = file.Path, Stage = stage, Reason = reason };
            db.FileErrors.Add(error);
        }

        error.LibraryId = run.Library.Id;
        error.Stage = stage;
        error.Reason = reason;
        error.Size = file.Size;
        error.ModifiedAt = file.ModifiedAtUtc;
        error.OccurredAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        run.Failed++;
        telemetry?.ReportFailure(stage);
    }
}
