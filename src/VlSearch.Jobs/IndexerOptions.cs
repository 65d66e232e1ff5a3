using System.ComponentModel.DataAnnotations;

namespace VlSearch.Jobs;

/// <summary>How a process runs background indexing jobs. Bound from the <c>Indexer</c> section.</summary>
public sealed class IndexerOptions
{
    public const string SectionName = "Indexer";

    /// <summary>
    /// Job storage: <c>postgres</c> (server mode: several workers share it) or <c>sqlite</c> (embedded mode: a file in
    /// the data folder, so queued work and history survive restarts). Empty means postgres when the catalog is in
    /// PostgreSQL, sqlite otherwise.
    /// </summary>
    [RegularExpression("^(|postgres|sqlite)$", ErrorMessage = "Indexer:Storage must be 'postgres' or 'sqlite'.")]
    public string? Storage { get; set; }

    /// <summary>Connection string of the PostgreSQL job storage; empty means the catalog's.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Whether this process runs jobs at all; off for a web app that only lists and starts jobs while indexer workers
    /// run them. With the embedded USearch index, the process that searches must own the index, so such a split
    /// needs Qdrant.
    /// </summary>
    public bool RunJobs { get; set; } = true;

    /// <summary>
    /// Whether this process owns the vector index: it runs scans and index work (queue <c>vlsearch_index</c>) and
    /// pushes pending vectors to the index. Exactly one process per embedded (USearch) index may own it.
    /// </summary>
    public bool OwnsIndex { get; set; } = true;

    /// <summary>Jobs this process runs at once (each embedding job uses every core).</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>Files per embed-batch job.</summary>
    [Range(1, 10_000)]
    public int BatchFiles { get; set; } = 64;

    /// <summary>Whether library folders are watched for new, changed and deleted files.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>Quiet period after the last file-system event before a library is rescanned.</summary>
    public TimeSpan WatchDebounce { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cron expression of periodic rescans for libraries that have none of their own; empty means none.</summary>
    public string? ScanCron { get; set; }

    /// <summary>How often queued jobs are picked up and pending vectors pushed to the index.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A running job without a sign of life for this long is started again (its worker died). Workers refresh the
    /// sign every <see cref="HeartbeatInterval"/> while they embed, so this only has to outlast a few missed beats.
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a worker embedding a batch refreshes its job's sign of life.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Name of this worker in job listings; empty means host name and process id.</summary>
    public string? Name { get; set; }

    /// <summary>The name shown for this worker: <see cref="Name"/>, else host name and process id.</summary>
    public string EffectiveName => string.IsNullOrWhiteSpace(Name) ? $"{Environment.MachineName}:{Environment.ProcessId}" : Name;
}
