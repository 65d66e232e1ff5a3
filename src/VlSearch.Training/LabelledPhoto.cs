namespace VlSearch.Training;

/// <summary>A photo and the text that describes it (from a sidecar caption, XMP keywords or its folder name).</summary>
public sealed record LabelledPhoto(string Path, string Label);
