namespace VlSearch.Architecture.Tests;

/// <summary>
/// The reference graph the product keeps: for each project, the projects it may use. Core is the contracts; adapters
/// wrap one technology each and see only Core (the catalog's two database providers see the catalog); the
/// application (indexing, search, jobs) sees Core and the catalog, and jobs drive indexing; hosts compose all.
/// </summary>
public static class Layers
{
    public const string Core = "VlSearch.Core";

    public static IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Core] = [],

        // Adapters.
        ["VlSearch.Imaging"] = [Core],
        ["VlSearch.Onnx"] = [Core],
        ["VlSearch.USearch"] = [Core],
        ["VlSearch.Qdrant"] = [Core],
        ["VlSearch.Catalog"] = [Core],
        ["VlSearch.Sqlite"] = ["VlSearch.Catalog"],
        ["VlSearch.Postgres"] = ["VlSearch.Catalog"],
        ["VlSearch.ModelHub"] = [Core],
        ["VlSearch.Hangfire"] = [Core],
        ["VlSearch.SemanticKernel"] = [Core],

        // Application.
        ["VlSearch.Indexing"] = [Core, "VlSearch.Catalog"],
        ["VlSearch.Search"] = [Core, "VlSearch.Catalog"],
        ["VlSearch.Jobs"] = [Core, "VlSearch.Catalog", "VlSearch.Indexing"],
        ["VlSearch.Training"] = [Core, "VlSearch.Onnx"],
    };

    /// <summary>Hosts and the composition library they share: they may use every project, and no project uses them.</summary>
    public static IReadOnlyList<string> Hosts { get; } = ["VlSearch.Hosting", "VlSearch.Cli", "VlSearch.Indexer", "VlSearch.Web"];

    public static IEnumerable<string> All => Allowed.Keys.Concat(Hosts);

    /// <summary>What <paramref name="project"/> may reference directly: its allowed projects, and for hosts everything but hosts.</summary>
    public static IReadOnlySet<string> MayUse(string project) =>
        Hosts.Contains(project)
            ? Allowed.Keys.Concat(project == "VlSearch.Hosting" ? [] : ["VlSearch.Hosting"]).ToHashSet(StringComparer.Ordinal)
            : Allowed[project].ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The edges of <paramref name="graph"/> (project → projects it references) that the layering forbids, as
    /// "from → to"; a project the layering does not know is an edge to fix too.
    /// </summary>
    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, IReadOnlyList<string>> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var violations = new List<string>();
        foreach (var (from, references) in graph.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!All.Contains(from))
            {
                violations.Add($"{from} is not placed in a layer");
                continue;
            }

            var mayUse = MayUse(from);
            violations.AddRange(references.Where(to => !mayUse.Contains(to)).Order(StringComparer.Ordinal).Select(to => $"{from} → {to}"));
        }

        return violations;
    }
}
