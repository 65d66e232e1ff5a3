namespace VlSearch.Cli.Commands;

/// <summary>A generated photo and its edited copies.</summary>
public sealed record EditedPhotoSet(string Original, IReadOnlyList<string> Copies);
