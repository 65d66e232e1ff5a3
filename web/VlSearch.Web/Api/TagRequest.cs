namespace VlSearch.Web.Api;

/// <summary>A tag label to add (to a photo, or to the zero-shot vocabulary).</summary>
public sealed record TagRequest(string? Label);
