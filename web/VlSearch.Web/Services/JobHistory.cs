using System.Text.Json;
using VlSearch.Catalog;
using VlSearch.Hosting;
using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>
/// The in-process jobs' history in <c>&lt;data&gt;/web-jobs.jsonl</c>: one line when a job is queued and one when it
/// ends, so the admin pages still list past jobs after a restart. A job whose last line is not an end was cut off by
/// a crash and is shown as failed, ready to resume.
/// </summary>
public sealed class JobHistory
{
    /// <summary>Jobs kept; older ones are dropped when the file is compacted at start.</summary>
    public const int Kept = 200;

    internal const string FileName = "web-jobs.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string path;
    private readonly Lock gate = new();

    public JobHistory(VlSearchPaths paths, ILogger<JobHistory> logger)
    {
        path = Path.Combine(paths.Root, FileName);
        Past = Load(logger);
    }

    /// <summary>Jobs of earlier runs of the app, newest first.</summary>
    public IReadOnlyList<JobInfo> Past { get; }

    /// <summary>Records a job's current state.</summary>
    public void Record(JobInfo job)
    {
        var line = JsonSerializer.Serialize(job, Json) + "\n";
        lock (gate)
        {
            try
            {
                File.AppendAllText(path, line);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // History is a convenience: a full or read-only disk must not fail the job itself.
            }
        }
    }

    private List<JobInfo> Load(ILogger logger)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var latest = new Dictionary<long, JobInfo>();
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                try
                {
                    if (line.Length > 0 && JsonSerializer.Deserialize<JobInfo>(line, Json) is { } job)
                    {
                        latest[job.Id] = job;
                    }
                }
                catch (JsonException)
                {
                    // A line cut short by a crash: the lines around it still count.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, path, e.Message);
            return [];
        }

        var past = latest.Values
            .Select(j => j.State is IndexJobStates.Queued or IndexJobStates.Running
                ? j with { State = IndexJobStates.Failed, Message = "The app stopped while this job ran; resume it to continue.", FinishedAt = j.FinishedAt ?? j.CreatedAt }
                : j)
            .OrderByDescending(j => j.Id)
            .Take(Kept)
            .ToList();
        lock (gate)
        {
            try
            {
                var temp = path + ".tmp";
                File.WriteAllLines(temp, past.OrderBy(j => j.Id).Select(j => JsonSerializer.Serialize(j, Json)));
                File.Move(temp, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogUnreadable(logger, path, e.Message);
            }
        }

        return past;
    }

    private static void LogUnreadable(ILogger logger, string file, string reason) =>
        logger.LogWarning("Job history {File} could not be read or compacted: {Reason}", file, reason);
}
