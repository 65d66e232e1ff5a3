namespace VlSearch.Catalog.Tests;

/// <summary>A clock the test sets by hand.</summary>
internal sealed class FixedClock(DateTime utcNow) : TimeProvider
{
    public DateTime UtcNow { get; set; } = utcNow;

    public override DateTimeOffset GetUtcNow() => new(UtcNow, TimeSpan.Zero);
}
