namespace VlSearch.Core.Tagging;

/// <summary>One detected object: its label and score, where it is, and the attributes seen on it.</summary>
/// <param name="Label">Object label from the detector's label file (or the open vocabulary it was given).</param>
/// <param name="Score">Detector confidence, 0 to 1.</param>
/// <param name="Box">Where the object is, relative to the image.</param>
/// <param name="Attributes">Attribute labels (colour, size, texture…) with their scores, best first; may be empty.</param>
public sealed record DetectedObject(string Label, float Score, RelativeBox Box, IReadOnlyList<LabelScore> Attributes);
