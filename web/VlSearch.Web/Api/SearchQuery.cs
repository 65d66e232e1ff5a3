using Microsoft.AspNetCore.Mvc;

namespace VlSearch.Web.Api;

/// <summary>Query string of the search routes. Everything arrives as text and is validated here, so bad input gets a 400 with reasons.</summary>
public sealed class SearchQuery
{
    /// <summary>What to find, in words.</summary>
    [FromQuery(Name = "q")]
    public string? Q { get; init; }

    /// <summary>Hits per page (1–1000, default 24).</summary>
    [FromQuery(Name = "k")]
    public string? K { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }

    /// <summary>Earliest capture date (ISO 8601).</summary>
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    /// <summary>Latest capture date (ISO 8601; a date alone includes the whole day).</summary>
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    /// <summary>Library names (repeatable).</summary>
    [FromQuery(Name = "library")]
    public string[]? Library { get; init; }

    /// <summary>Absolute folder; only photos under it.</summary>
    [FromQuery(Name = "folder")]
    public string? Folder { get; init; }

    /// <summary>Camera names (repeatable).</summary>
    [FromQuery(Name = "camera")]
    public string[]? Camera { get; init; }

    /// <summary>File types such as jpeg or png (repeatable).</summary>
    [FromQuery(Name = "type")]
    public string[]? Type { get; init; }

    /// <summary><c>true</c>: each hit carries every stage's rank and score, and the response each stage's time.</summary>
    [FromQuery(Name = "explain")]
    public string? Explain { get; init; }

    /// <summary><c>true</c>: each hit carries its tags (label, kind, confidence, source, box).</summary>
    [FromQuery(Name = "includeTags")]
    public string? IncludeTags { get; init; }

    /// <summary>Where the list ends: <c>none</c>, <c>auto</c> (the adaptive cutoff) or a minimum final score; default configured (none).</summary>
    [FromQuery(Name = "cutoff")]
    public string? Cutoff { get; init; }

    /// <summary>Retrievers: <c>vector</c>, <c>keyword</c> or <c>hybrid</c> (optionally <c>+rerank</c>); default configured (hybrid).</summary>
    [FromQuery(Name = "stages")]
    public string? Stages { get; init; }

    /// <summary>Same as <c>stages</c>.</summary>
    [FromQuery(Name = "mode")]
    public string? Mode { get; init; }

    /// <summary>Fusion of the hybrid lists: <c>rrf</c> (reciprocal rank, k = 60) or <c>relative</c> (min-max scaled scores).</summary>
    [FromQuery(Name = "fusion")]
    public string? Fusion { get; init; }

    /// <summary>
    /// <c>true</c> or <c>false</c>: rerank the top hits with the installed image–text matcher, or not; default: on where
    /// a reranker is installed (Search:Rerank).
    /// </summary>
    [FromQuery(Name = "rerank")]
    public string? Rerank { get; init; }

    /// <summary>Fused hits the reranker rescores, 1 to 200; default configured (Search:RerankDepth, 50).</summary>
    [FromQuery(Name = "rerankTop")]
    public string? RerankTop { get; init; }

    /// <summary>Fusion weights, vector then keyword: <c>1,0.5</c>.</summary>
    [FromQuery(Name = "weights")]
    public string? Weights { get; init; }
}
