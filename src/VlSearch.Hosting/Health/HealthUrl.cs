namespace VlSearch.Hosting.Health;

/// <summary>Checks a <see cref="HealthOptions.Url"/> before the listener is started with it.</summary>
public static class HealthUrl
{
    /// <summary>Whether <paramref name="url"/> is an <c>http://host:port/</c> prefix (host may be <c>+</c> or <c>*</c>).</summary>
    public static bool IsValid(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var probe = url.Replace("://+", "://any-host", StringComparison.Ordinal).Replace("://*", "://any-host", StringComparison.Ordinal);
        return Uri.TryCreate(probe, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.AbsolutePath is "/" or "" && uri.Query.Length == 0;
    }
}
