namespace VlSearch.Catalog;

/// <summary>Values of <see cref="FileError.Stage"/>.</summary>
public static class FileErrorStages
{
    public const string Scan = "scan";
    public const string Decode = "decode";
    public const string Embed = "embed";
    public const string Index = "index";

    /// <summary>An enrichment stage could not extract a catalogued photo's image features for a matcher.</summary>
    public const string Features = "features";

    /// <summary>The zero-shot tag stage could not tag a catalogued photo.</summary>
    public const string Tags = "tags";

    /// <summary>The object-and-attribute detector stage could not tag a catalogued photo.</summary>
    public const string Objects = "objects";
}
