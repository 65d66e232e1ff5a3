namespace VlSearch.Cli.Commands;

/// <summary>A tag's box relative to the photo (0 to 1), as the CLI prints it.</summary>
public sealed record TagBoxJson(float X, float Y, float Width, float Height);
