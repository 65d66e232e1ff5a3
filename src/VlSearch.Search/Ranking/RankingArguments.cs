using System.Globalization;

namespace VlSearch.Search.Ranking;

/// <summary>The textual forms of the pipeline's choices, read alike by the CLI, the API and the web app.</summary>
public static class RankingArguments
{
    /// <summary>
    /// Reads <c>vector</c>, <c>keyword</c> or <c>hybrid</c>, optionally followed by <c>+rerank</c>
    /// (<c>hybrid+rerank</c>), case-insensitive.
    /// </summary>
    /// <exception cref="ArgumentException">Not one of these.</exception>
    public static SearchStages ParseStages(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stages = SearchStages.None;
        foreach (var part in text.Split('+', StringSplitOptions.TrimEntries))
        {
            stages |= part.ToLowerInvariant() switch
            {
                "vector" => SearchStages.Vector,
                "keyword" => SearchStages.Keyword,
                "hybrid" => SearchStages.Hybrid,
                "rerank" => SearchStages.Rerank,
                _ => throw new ArgumentException($"Unknown stages '{text}': use vector, keyword or hybrid (optionally +rerank).", nameof(text)),
            };
        }

        if ((stages & SearchStages.Hybrid) == SearchStages.None)
        {
            throw new ArgumentException($"Stages '{text}' name no retriever: use vector, keyword or hybrid.", nameof(text));
        }

        return stages;
    }

    /// <summary>The name <see cref="ParseStages"/> reads back.</summary>
    public static string FormatStages(SearchStages stages)
    {
        var name = (stages & SearchStages.Hybrid) switch
        {
            SearchStages.Hybrid => "hybrid",
            SearchStages.Vector => "vector",
            SearchStages.Keyword => "keyword",
            _ => "none",
        };
        return stages.HasFlag(SearchStages.Rerank) ? name + "+rerank" : name;
    }

    /// <summary>Reads <c>rrf</c> (reciprocal rank) or <c>relative</c> (relative score), case-insensitive.</summary>
    /// <exception cref="ArgumentException">Neither.</exception>
    public static FusionMethod ParseFusion(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "rrf" or "reciprocalrank" => FusionMethod.ReciprocalRank,
            "relative" or "relativescore" => FusionMethod.RelativeScore,
            _ => throw new ArgumentException($"Unknown fusion '{text}': use rrf or relative.", nameof(text)),
        };
    }

    /// <summary>Reads <c>&lt;vector&gt;,&lt;keyword&gt;</c> weights, each from 0 to 100 (<c>1,0.5</c>).</summary>
    /// <exception cref="ArgumentException">Not two such numbers.</exception>
    public static (double Vector, double Keyword) ParseWeights(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var vector)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var keyword)
            && vector is >= 0 and <= 100 && keyword is >= 0 and <= 100)
        {
            return (vector, keyword);
        }

        throw new ArgumentException($"Weights are two numbers from 0 to 100, vector then keyword, such as 1,0.5; got '{text}'.", nameof(text));
    }
}
