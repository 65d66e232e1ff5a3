namespace VlSearch.Search.Querying;

/// <summary>What a <see cref="QueryTerm"/> embeds.</summary>
public enum QueryTermKind
{
    /// <summary>Words, through the model's text encoder.</summary>
    Text,

    /// <summary>A photo (<c>like:123</c> or <c>like:/path/x.jpg</c>), through the model's image encoder or its stored vector.</summary>
    Image,

    /// <summary>
    /// A description (<c>imagine:"a red kite over a beach"</c>) drawn by the configured text-to-image service; the
    /// picture goes through the model's image encoder like an image term.
    /// </summary>
    Imagined,
}
