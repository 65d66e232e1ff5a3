namespace VlSearch.Catalog.Keywords;

/// <summary>
/// The searchable text of one photo, one field per source. Each field holds the words of <see cref="KeywordTokenizer.ToIndexText"/>
/// (lower case, space separated), so both engines see the same words; fields weigh differently in ranking, from
/// <see cref="Name"/> (heaviest) to <see cref="Library"/> (lightest).
/// </summary>
/// <param name="PhotoId">The photo the text belongs to.</param>
public sealed record KeywordDocument(long PhotoId)
{
    /// <summary>File name with its extension, split into words.</summary>
    public string Name { get; init; } = "";

    /// <summary>Names of the folders between the library root and the file.</summary>
    public string Folders { get; init; } = "";

    /// <summary>Name of the photo's library.</summary>
    public string Library { get; init; } = "";

    /// <summary>EXIF text: camera make and model, lens.</summary>
    public string Camera { get; init; } = "";

    /// <summary>Tags and embedded keywords (XMP dc:subject, IPTC Keywords).</summary>
    public string Tags { get; init; } = "";

    /// <summary>Caption from an enrichment stage (<see cref="Photo.Caption"/>) and the file's embedded description.</summary>
    public string Caption { get; init; } = "";

    /// <summary>Text of the <c>.txt</c> file beside the photo with the same base name.</summary>
    public string Sidecar { get; init; } = "";
}
