using System.Xml.Linq;

namespace VlSearch.Architecture.Tests;

/// <summary>The product's projects as their project files declare them.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Product projects (src, indexer, web) and the product projects each one references.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ProjectGraph()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var folder in new[] { "src", "indexer", "web" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories))
            {
                var references = XDocument.Load(file).Descendants("ProjectReference")
                    .Select(r => Path.GetFileNameWithoutExtension((string?)r.Attribute("Include") ?? ""))
                    .ToList();
                graph[Path.GetFileNameWithoutExtension(file)] = references;
            }
        }

        return graph;
    }

    /// <summary>The assembly a project builds (its <c>AssemblyName</c>, else the project name).</summary>
    public static string AssemblyOf(string project)
    {
        var file = Directory.EnumerateFiles(Root, project + ".csproj", SearchOption.AllDirectories).First(f => !f.Contains("/bin/", StringComparison.Ordinal));
        return XDocument.Load(file).Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault() ?? project;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VlSearch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("VlSearch.sln not found above " + AppContext.BaseDirectory);
    }
}
