namespace VlSearch.Search.Duplicates;

/// <summary>Two photos the index found near each other; <see cref="First"/> is the smaller id.</summary>
public readonly record struct DuplicatePair(long First, long Second, float Score);
