namespace VlSearch.Web.Api;

/// <summary><c>PUT /api/v1/photos/{id}/caption</c>: the caption a person wrote; empty clears it.</summary>
public sealed record CaptionBody(string? Caption);
