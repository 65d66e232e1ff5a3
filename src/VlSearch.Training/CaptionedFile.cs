namespace VlSearch.Training;

/// <summary>A written scene: file path relative to the output folder, its caption and canonical key.</summary>
public sealed record CaptionedFile(string File, string Caption, string Key);
