namespace VlSearch.Web.Api;

/// <summary>An indexing job as the admin API and pages show it.</summary>
/// <remarks>
/// <c>State</c> is queued, running, paused, succeeded, failed or cancelled; <c>Percent</c> is the overall progress
/// (0–100); <c>Done</c>/<c>Total</c> count items of the current <c>Phase</c>.
/// </remarks>
public sealed record JobInfo(
    long Id,
    string Kind,
    IReadOnlyList<int> LibraryIds,
    string State,
    string? Phase,
    long Done,
    long Total,
    long Failed,
    double Percent,
    long Embedded,
    string? Message,
    DateTime CreatedAt,
    DateTime? FinishedAt);
