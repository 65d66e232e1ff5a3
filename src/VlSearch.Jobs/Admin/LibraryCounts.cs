namespace VlSearch.Jobs.Admin;

/// <summary>A library with how many photos it has and how many of its files failed.</summary>
public sealed record LibraryCounts(int Id, string Name, string RootPath, long Photos, long Failed);
