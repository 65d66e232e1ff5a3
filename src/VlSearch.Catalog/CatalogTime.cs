namespace VlSearch.Catalog;

/// <summary>
/// How the catalog stores time: UTC, whole microseconds (the finest PostgreSQL keeps; SQLite is held to the same so
/// both providers read back identical values).
/// </summary>
public static class CatalogTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>
    /// The value a <see cref="DateTime"/> reads back as after a save: converted to UTC when its kind is
    /// <see cref="DateTimeKind.Local"/>, taken as UTC when unspecified, and truncated to whole microseconds.
    /// Compare a file's current time with a stored one through this, or a change is seen where there is none.
    /// </summary>
    public static DateTime Normalize(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - (utc.Ticks % TicksPerMicrosecond), DateTimeKind.Utc);
    }

    /// <summary>The current time as it would be stored.</summary>
    public static DateTime Now(TimeProvider? clock = null) => Normalize((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);
}
