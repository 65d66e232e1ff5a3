using Microsoft.AspNetCore.Mvc;

namespace VlSearch.Web.Api;

/// <summary>Query string of <c>GET /api/v1/duplicates</c>; text, validated by the endpoint so bad input gets a 400 with reasons.</summary>
public sealed class DuplicatesQuery
{
    /// <summary>Model whose vectors are compared (default: Duplicates:Model, the built-in resnet18-imagenet).</summary>
    [FromQuery(Name = "model")]
    public string? Model { get; init; }

    /// <summary>Cosine similarity from which photos are duplicates, 0.5–1 (default: Duplicates:Threshold).</summary>
    [FromQuery(Name = "threshold")]
    public string? Threshold { get; init; }

    /// <summary>Groups to return, 1–1000 (default 100); the total is in the <c>X-Total-Count</c> header.</summary>
    [FromQuery(Name = "limit")]
    public string? Limit { get; init; }

    /// <summary>Groups to skip (default 0).</summary>
    [FromQuery(Name = "offset")]
    public string? Offset { get; init; }

    /// <summary><c>json</c> (default) or <c>csv</c>.</summary>
    [FromQuery(Name = "format")]
    public string? Format { get; init; }
}
