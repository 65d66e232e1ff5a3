namespace VlSearch.Catalog.Keywords;

/// <summary>Which fields of a <see cref="KeywordDocument"/> a <see cref="KeywordQuery"/> matches in.</summary>
public enum KeywordFields
{
    /// <summary>Every field.</summary>
    All,

    /// <summary>
    /// Every field but <see cref="KeywordDocument.Tags"/> (enrichment tags and the file's own keyword list): names,
    /// folders, captions, sidecars and camera, so that a search can rank tag matches as a list of their own.
    /// </summary>
    WithoutTags,

    /// <summary>Only <see cref="KeywordDocument.Tags"/>.</summary>
    Tags,
}
