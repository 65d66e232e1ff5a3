namespace VlSearch.Hangfire;

/// <summary>Where the job system keeps its queues, schedules and history.</summary>
/// <param name="Kind"><see cref="Postgres"/> (server mode: every worker shares it) or <see cref="Sqlite"/> (embedded mode).</param>
/// <param name="ConnectionString">The PostgreSQL connection string, or the SQLite database file.</param>
public sealed record JobStorageSettings(string Kind, string ConnectionString)
{
    public const string Postgres = "postgres";

    public const string Sqlite = "sqlite";

    /// <summary>
    /// How long a fetched batch stays invisible to other servers before it is handed out again if its server died;
    /// live servers keep theirs by sliding it (PostgreSQL; the SQLite storage cannot slide it and keeps its work 30 minutes).
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a lock outlives a server that died holding it.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often idle servers look for queued work.</summary>
    public TimeSpan QueuePollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
