using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VlSearch.Indexing;
using VlSearch.Jobs;
using VlSearch.Search.Ranking;
using VlSearch.Testing;

namespace VlSearch.Deploy.Tests;

/// <summary>deploy/grafana/vlsearch-dashboard.json charts only metrics the product publishes.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public void Every_vlsearch_metric_the_dashboard_queries_is_one_the_code_publishes()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("deploy", "grafana", "vlsearch-dashboard.json")))!;
        var expressions = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => t!["expr"]!.GetValue<string>()).ToList();

        // OpenTelemetry's Prometheus names: dots become underscores, the unit is appended, counters end in _total.
        var published = new HashSet<string>(StringComparer.Ordinal)
        {
            Prometheus(IndexingDiagnostics.EncodedCounter) + "_total",
            Prometheus(IndexingDiagnostics.FailedCounter) + "_total",
            Prometheus(IndexingDiagnostics.DecodeDuration) + "_milliseconds",
            Prometheus(IndexingDiagnostics.EncodeDuration) + "_milliseconds",
            Prometheus(JobQueueMetrics.QueueDepth),
            Prometheus(SearchDiagnostics.StageDuration) + "_milliseconds",
            Prometheus(SearchDiagnostics.SearchDuration) + "_milliseconds",
            Prometheus(SearchDiagnostics.ErrorCounter) + "_total",
        };
        var queried = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.Contains(name, published));
        Assert.Equal(published.Order(StringComparer.Ordinal), queried.Order(StringComparer.Ordinal));
    }

    private static string Prometheus(string instrument) => instrument.Replace('.', '_');

    [GeneratedRegex(@"(?<name>vlsearch_[a-z_]+?)(_bucket|_count|_sum)?\b")]
    private static partial Regex MetricName();
}
