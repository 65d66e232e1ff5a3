namespace VlSearch.Web.Api;

/// <summary>The zero-shot label vocabulary in effect.</summary>
public sealed record VocabularyInfo(int Count, string Hash, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Labels);
