namespace VlSearch.Catalog;

/// <summary>Values of <see cref="IndexJob.State"/>.</summary>
public static class IndexJobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
