namespace VlSearch.Core.Tagging;

/// <summary>A label with its score, 0 to 1.</summary>
public readonly record struct LabelScore(string Label, float Score);
