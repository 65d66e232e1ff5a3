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
}
