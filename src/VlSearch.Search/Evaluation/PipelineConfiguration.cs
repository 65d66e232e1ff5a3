using VlSearch.Search.Ranking;

namespace VlSearch.Search.Evaluation;

/// <summary>
/// One configuration of the ranking pipeline an evaluation compares: a name as the user wrote it
/// (<c>vector</c>, <c>keyword</c>, <c>hybrid</c>, <c>hybrid+rerank</c>, <c>hybrid+tags</c>) and the stages it runs.
/// </summary>
/// <param name="Name">The name the report lists it under.</param>
/// <param name="Stages">The stages of its requests.</param>
public sealed record PipelineConfiguration(string Name, SearchStages Stages)
{
    /// <summary>The words a configuration is made of, joined by '+'.</summary>
    public static IReadOnlyList<string> Words { get; } = ["vector", "keyword", "hybrid", "rerank", "tags"];

    /// <summary>
    /// Whether the configuration searches a catalog whose photos carry enrichment tags (<c>+tags</c>): the evaluation
    /// runs the tag stage before scoring it, and scores the configurations without it first.
    /// </summary>
    public bool Tags { get; init; }

    /// <summary>Parses a comma-separated list such as <c>vector,keyword,hybrid,hybrid+rerank</c>.</summary>
    /// <exception cref="ArgumentException">The list is empty, names an unknown word, repeats a configuration, or a configuration has no retriever.</exception>
    public static IReadOnlyList<PipelineConfiguration> ParseList(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var configurations = new List<PipelineConfiguration>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var configuration = Parse(item);
            if (configurations.Any(c => c.Stages == configuration.Stages && c.Tags == configuration.Tags))
            {
                throw new ArgumentException($"The pipeline '{item}' is listed twice.", nameof(list));
            }

            configurations.Add(configuration);
        }

        return configurations.Count == 0
            ? throw new ArgumentException($"Name at least one pipeline: {string.Join(", ", Words)}, joined by '+' (e.g. hybrid+rerank).", nameof(list))
            : configurations;
    }

    /// <summary>Parses one configuration, e.g. <c>hybrid+rerank</c>; the name is kept in lower case.</summary>
    /// <exception cref="ArgumentException">An unknown word, or no retriever (vector, keyword or hybrid).</exception>
    public static PipelineConfiguration Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var stages = SearchStages.None;
        var tags = false;
        foreach (var word in name.Split('+', StringSplitOptions.TrimEntries))
        {
            if (word.Equals("tags", StringComparison.OrdinalIgnoreCase))
            {
                tags = true;
                continue;
            }

            stages |= word.ToLowerInvariant() switch
            {
                "vector" => SearchStages.Vector,
                "keyword" => SearchStages.Keyword,
                "hybrid" => SearchStages.Hybrid,
                "rerank" => SearchStages.Rerank,
                _ => throw new ArgumentException($"Unknown pipeline word '{word}' in '{name}': use {string.Join(", ", Words)}, joined by '+'.", nameof(name)),
            };
        }

        return (stages & SearchStages.Hybrid) == SearchStages.None
            ? throw new ArgumentException($"The pipeline '{name}' has no retriever: it needs vector, keyword or hybrid.", nameof(name))
            : new PipelineConfiguration(name.Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal), stages) { Tags = tags };
    }
}
