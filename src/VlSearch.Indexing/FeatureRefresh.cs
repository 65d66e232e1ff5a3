namespace VlSearch.Indexing;

/// <summary>Which photos a run of <see cref="MatcherFeatureIndexer"/> extracts image features for.</summary>
public enum FeatureRefresh
{
    /// <summary>Photos without current features of the matcher (new, rewritten, or never extracted).</summary>
    Missing,

    /// <summary>Every photo, replacing what is stored.</summary>
    All,
}
