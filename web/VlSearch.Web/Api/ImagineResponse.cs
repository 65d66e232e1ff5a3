namespace VlSearch.Web.Api;

/// <summary>The imagined picture (a data URL) and the photos nearest to it by the active model's image embedding.</summary>
public sealed record ImagineResponse(string Image, string MediaType, string? RevisedPrompt, IReadOnlyList<SearchItem> Items);
