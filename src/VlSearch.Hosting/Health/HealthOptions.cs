namespace VlSearch.Hosting.Health;

/// <summary>Where a host without a web server (the indexer worker) answers health probes.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// An <c>http://host:port/</c> prefix to listen on, e.g. <c>http://+:8081/</c> in a container; empty (the default)
    /// serves no endpoint.
    /// </summary>
    public string? Url { get; set; }
}
