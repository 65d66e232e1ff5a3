namespace VlSearch.Jobs.Admin;

/// <summary>A library as the admin API and pages show it.</summary>
public sealed record LibraryInfo(
    int Id,
    string Name,
    string RootPath,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude,
    bool IncludeHidden,
    string? ScanCron,
    int Photos,
    int Failed);
