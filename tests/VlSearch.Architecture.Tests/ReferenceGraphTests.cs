using System.Reflection;
using NetArchTest.Rules;

namespace VlSearch.Architecture.Tests;

public sealed class ReferenceGraphTests
{
    public static TheoryData<string> Projects() => [.. Layers.All];

    [Fact]
    public void Every_product_project_is_placed_in_a_layer_and_references_only_what_its_layer_allows()
    {
        var graph = Repository.ProjectGraph();
        Assert.Equal(Layers.All.Order(StringComparer.Ordinal), graph.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(Layers.Violations(graph));
    }

    [Fact]
    public void The_rules_report_a_forbidden_reference()
    {
        var graph = Repository.ProjectGraph().ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        graph["VlSearch.ModelHub"] = [.. graph["VlSearch.ModelHub"].Append("VlSearch.Onnx").Distinct()];
        graph["VlSearch.Search"] = [.. graph["VlSearch.Search"].Append("VlSearch.Hosting").Distinct()];
        graph["VlSearch.Core"] = ["VlSearch.Catalog"];

        Assert.Equal(["VlSearch.Core → VlSearch.Catalog", "VlSearch.ModelHub → VlSearch.Onnx", "VlSearch.Search → VlSearch.Hosting"], Layers.Violations(graph));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void No_type_uses_a_project_its_layer_does_not_allow(string project)
    {
        var mayUse = Layers.MayUse(project);
        var forbidden = Layers.All.Where(p => p != project && !mayUse.Contains(p)).ToArray();

        // Type-level, not only project files: a transitive reference would otherwise let a type reach past its layer.
        var result = Types.InAssembly(Assembly.Load(Repository.AssemblyOf(project))).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{project} uses {string.Join(", ", forbidden)}: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
