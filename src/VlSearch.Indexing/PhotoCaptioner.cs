using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Core.Answers;

namespace VlSearch.Indexing;

/// <summary>
/// The caption enrichment stage: asks a vision chat model for one sentence per photo, with a bounded number of
/// requests in flight, retrying with backoff (a provider's Retry-After wins). Each finished photo is marked at once
/// (<see cref="PhotoEnrichment"/> for its content hash), so a run killed at any point resumes without asking again
/// for what it finished; a photo that keeps failing is recorded as a file error of stage <see cref="Stage"/> with its
/// reason. Captions a person wrote (<see cref="UserModel"/>) are never replaced.
/// </summary>
/// <param name="catalog">Photos, marks, stage fingerprints and file errors.</param>
/// <param name="loadJpeg">Reads a photo as the downscaled JPEG the model receives.</param>
/// <param name="loggerFactory">For per-photo failure logs.</param>
public sealed class PhotoCaptioner(
    IDbContextFactory<CatalogDbContext> catalog,
    Func<string, CancellationToken, byte[]> loadJpeg,
    ILoggerFactory? loggerFactory = null)
{
    /// <summary>The stage name (marks, fingerprint, file errors).</summary>
    public const string Stage = "captions";

    /// <summary><see cref="Photo.CaptionModel"/> of a caption a person wrote.</summary>
    public const string UserModel = "user";

    public const int MaxCaptionLength = 500;

    private const int PageSize = 64;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    private readonly FileErrorRecorder _errors = new(catalog);
    private readonly ILogger? _logger = loggerFactory?.CreateLogger<PhotoCaptioner>();

    /// <summary>Captions the photos that miss a caption of this model for their current content, or (<paramref name="all"/>) every photo.</summary>
    /// <exception cref="AnswerProviderException">The provider refuses the key or is not configured: no photo could succeed, so the run stops.</exception>
    public async Task<CaptionRunResult> RunAsync(IVisionChat chat, CaptionSettings settings, bool all, IProgress<CaptionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(settings);
        var changed = await SettleFingerprintAsync(settings, cancellationToken);
        var total = await CountCandidatesAsync(all, cancellationToken);
        long done = 0, failed = 0, captioned = 0, skipped = 0;
        progress?.Report(new CaptionProgress(0, total, 0));
        var afterId = long.MinValue;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await CandidatesAsync(all, afterId, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            afterId = page[^1].Id;
            var todo = all ? page : await WithoutKnownBadAsync(page, cancellationToken);
            skipped += page.Count - todo.Count;
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Concurrency), CancellationToken = cancellationToken }, async (photo, ct) =>
            {
                var ok = await CaptionAsync(chat, settings, photo, ct);
                Interlocked.Increment(ref ok ? ref captioned : ref failed);
                var handled = Interlocked.Increment(ref done);
                progress?.Report(new CaptionProgress(handled, Math.Max(total - Interlocked.Read(ref skipped), handled), Interlocked.Read(ref failed)));
            });
        }

        return new CaptionRunResult(captioned, failed, skipped, changed);
    }

    /// <summary>Sets a photo's caption by hand: stored with <see cref="UserModel"/>, so no run replaces it; empty clears it.</summary>
    public async Task<bool> SetUserCaptionAsync(long photoId, string? caption, CancellationToken cancellationToken = default)
    {
        var text = string.IsNullOrWhiteSpace(caption) ? null : caption.Trim();
        if (text is { Length: > MaxCaptionLength })
        {
            throw new ArgumentException($"A caption is at most {MaxCaptionLength} characters.");
        }

        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            var updated = await db.Photos.Where(p => p.Id == photoId).ExecuteUpdateAsync(
                s => s.SetProperty(p => p.Caption, text).SetProperty(p => p.CaptionModel, text == null ? null : UserModel),
                cancellationToken);
            if (updated == 0)
            {
                return false;
            }
        }

        await new KeywordIndexer(catalog).RefreshAsync([photoId], cancellationToken);
        return true;
    }

    private async Task<bool> CaptionAsync(IVisionChat chat, CaptionSettings settings, CaptionCandidate photo, CancellationToken cancellationToken)
    {
        byte[] jpeg;
        try
        {
            jpeg = loadJpeg(photo.Path, cancellationToken);
        }
        catch (Exception e) when (e is PhotoDecodeException or IOException or UnauthorizedAccessException)
        {
            await RecordFailureAsync(photo, "decode: " + e.Message, cancellationToken);
            return false;
        }

        var request = new VisionChatRequest
        {
            Instructions = "You write short, factual captions of personal photos.",
            Prompt = settings.Prompt,
            Images = [new AnswerImage(photo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), jpeg)],
            MaxTokens = settings.MaxTokens,
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var caption = Clean(await chat.CompleteAsync(request, cancellationToken));
                if (caption.Length == 0)
                {
                    throw new AnswerProviderException(AnswerFailure.BadReply, "The model answered with an empty caption.");
                }

                await SaveAsync(photo, caption, settings.Model, cancellationToken);
                return true;
            }
            catch (AnswerProviderException e) when (e.Failure is not (AnswerFailure.Unauthorized or AnswerFailure.NotConfigured))
            {
                if (attempt >= settings.MaxAttempts)
                {
                    await RecordFailureAsync(photo, $"{e.Failure} after {attempt} attempts: {e.Message}", cancellationToken);
                    return false;
                }

                var backoff = e.RetryAfter ?? TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, settings.RetryDelay.Ticks << Math.Min(attempt - 1, 16)));
                await Task.Delay(backoff, cancellationToken);
            }
        }
    }

    private static string Clean(string reply)
    {
        var text = string.Join(' ', reply.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Trim().Trim('"');
        return text.Length <= MaxCaptionLength ? text : text[..MaxCaptionLength];
    }

    private async Task SaveAsync(CaptionCandidate photo, string caption, string model, CancellationToken cancellationToken)
    {
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            // The caption and its mark commit together: a process killed between them would leave a captioned
            // photo unmarked, and the next run would ask for it again.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // A person's caption written while the request was out wins.
            var updated = await db.Photos.Where(p => p.Id == photo.Id && (p.CaptionModel == null || p.CaptionModel != UserModel))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Caption, caption).SetProperty(p => p.CaptionModel, model), cancellationToken);
            var mark = await db.PhotoEnrichments.FirstOrDefaultAsync(m => m.PhotoId == photo.Id && m.Stage == Stage, cancellationToken);
            if (mark is null)
            {
                db.PhotoEnrichments.Add(new PhotoEnrichment { PhotoId = photo.Id, Stage = Stage, ContentHash = photo.ContentHash, UpdatedAt = CatalogTime.Now(db.Clock) });
            }
            else
            {
                mark.ContentHash = photo.ContentHash;
                mark.UpdatedAt = CatalogTime.Now(db.Clock);
            }

            await db.SaveChangesAsync(cancellationToken);
            await db.FileErrors.Where(e => e.Stage == Stage && e.Path == photo.Path).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (updated == 0)
            {
                return;
            }
        }

        await new KeywordIndexer(catalog).RefreshAsync([photo.Id], cancellationToken);
    }

    private async Task RecordFailureAsync(CaptionCandidate photo, string reason, CancellationToken cancellationToken)
    {
        _logger?.LogWarning("Caption of photo {PhotoId} failed: {Reason}", photo.Id, reason);
        await _errors.RecordAsync(photo.LibraryId, photo.Path, photo.Size, photo.ModifiedAt, Stage, reason, cancellationToken);
    }

    /// <summary>Records the model and prompt the captions come from; another one forgets the marks, so "missing" captions everything again.</summary>
    private async Task<bool> SettleFingerprintAsync(CaptionSettings settings, CancellationToken cancellationToken)
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings.Model + "\n" + settings.Prompt)))[..16];
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var row = await db.EnrichmentStages.FirstOrDefaultAsync(s => s.Name == Stage, cancellationToken);
        if (row is not null && row.Fingerprint == fingerprint)
        {
            return false;
        }

        if (row is null)
        {
            db.EnrichmentStages.Add(new EnrichmentStage { Name = Stage, Model = settings.Model, Fingerprint = fingerprint, UpdatedAt = CatalogTime.Now(db.Clock) });
        }
        else
        {
            row.Model = settings.Model;
            row.Fingerprint = fingerprint;
            row.UpdatedAt = CatalogTime.Now(db.Clock);
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.PhotoEnrichments.Where(m => m.Stage == Stage).ExecuteDeleteAsync(cancellationToken);
        return row is not null;
    }

    private IQueryable<Photo> Candidates(CatalogDbContext db, bool all)
    {
        var photos = db.Photos.AsNoTracking().Where(p => p.CaptionModel == null || p.CaptionModel != UserModel);
        return all ? photos : photos.Where(p => !db.PhotoEnrichments.Any(m => m.PhotoId == p.Id && m.Stage == Stage && m.ContentHash == p.ContentHash));
    }

    private async Task<long> CountCandidatesAsync(bool all, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await Candidates(db, all).LongCountAsync(cancellationToken);
    }

    private async Task<List<CaptionCandidate>> CandidatesAsync(bool all, long afterId, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await Candidates(db, all).Where(p => p.Id > afterId).OrderBy(p => p.Id).Take(PageSize)
            .Select(p => new CaptionCandidate(p.Id, p.LibraryId, p.Path, p.ContentHash, p.Size, p.ModifiedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Leaves out photos that failed this stage before and have not changed since (an "all" run tries them again).</summary>
    private async Task<List<CaptionCandidate>> WithoutKnownBadAsync(List<CaptionCandidate> photos, CancellationToken cancellationToken)
    {
        var paths = photos.Select(p => p.Path).ToList();
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var bad = await db.FileErrors.AsNoTracking().Where(e => e.Stage == Stage && paths.Contains(e.Path))
            .Select(e => new { e.Path, e.Size, e.ModifiedAt })
            .ToListAsync(cancellationToken);
        var known = bad.ToDictionary(e => e.Path, e => (e.Size, e.ModifiedAt), StringComparer.Ordinal);
        return [.. photos.Where(p => !(known.TryGetValue(p.Path, out var e) && e.Size == p.Size && PhotoRecords.SameTime(e.ModifiedAt, p.ModifiedAt)))];
    }

    private sealed record CaptionCandidate(long Id, int LibraryId, string Path, string ContentHash, long Size, DateTime ModifiedAt);
}
