namespace VlSearch.Web.Api;

/// <summary>Where a detected object is: left, top, width and height relative to the photo (0 to 1).</summary>
public sealed record TagBox(float X, float Y, float Width, float Height);
