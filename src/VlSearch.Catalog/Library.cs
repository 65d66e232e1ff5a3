namespace VlSearch.Catalog;

/// <summary>A folder tree that is scanned for photos, with the rules that pick files inside it.</summary>
public sealed class Library
{
    public int Id { get; set; }

    /// <summary>Unique, human-chosen name.</summary>
    public required string Name { get; set; }

    /// <summary>Absolute path of the folder that is scanned.</summary>
    public required string RootPath { get; set; }

    /// <summary>Glob patterns, relative to <see cref="RootPath"/>, of files to include; empty means every supported file.</summary>
    public List<string> IncludeGlobs { get; set; } = [];

    /// <summary>Glob patterns of files and folders to skip.</summary>
    public List<string> ExcludeGlobs { get; set; } = [];

    /// <summary>Whether dot-files and dot-folders are scanned.</summary>
    public bool IncludeHidden { get; set; }

    /// <summary>Cron expression for periodic rescans; <see langword="null"/> when scanned on demand only.</summary>
    public string? ScanCron { get; set; }

    /// <summary>UTC; filled on insert when left at its default.</summary>
    public DateTime CreatedAt { get; set; }

    public List<Photo> Photos { get; set; } = [];
}
