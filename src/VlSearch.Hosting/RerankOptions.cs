using System.ComponentModel.DataAnnotations;
using VlSearch.Search.Ranking;

namespace VlSearch.Hosting;

/// <summary>The reranker of the search pipeline (configuration section <c>Rerank</c>).</summary>
public sealed class RerankOptions
{
    public const string SectionName = "Rerank";

    /// <summary>The model shipped with the application, used when <see cref="Model"/> is not set and it is present.</summary>
    public const string ShippedModel = "vlsearch-tiny-itm";

    /// <summary>Whether a reranker is installed at all; false leaves the rerank stage out everywhere.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// An image–text matcher in the split BLIP-ITM layout: a folder, or the name of a model shipped beside the
    /// application (<c>models/&lt;name&gt;</c>) or installed in the data folder. Unset: <see cref="ShippedModel"/> when present.
    /// </summary>
    public string? Model { get; set; }

    /// <summary>Most photos one query decodes and extracts features of when the features store does not hold them yet.</summary>
    [Range(0, SearchOptions.MaxRerankDepth)]
    public int MaxExtractedPerQuery { get; set; } = MatcherRerankStage.DefaultMaxExtractedPerQuery;
}
