namespace VlSearch.Catalog.Keywords;

/// <summary>How the words of a <see cref="KeywordQuery"/> combine.</summary>
public enum KeywordMatch
{
    /// <summary>A photo matches when it has every word and phrase.</summary>
    All,

    /// <summary>A photo matches when it has any word or phrase; more matches rank higher.</summary>
    Any,
}
