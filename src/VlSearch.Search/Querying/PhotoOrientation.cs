namespace VlSearch.Search.Querying;

/// <summary>The shape of a photo as displayed.</summary>
public enum PhotoOrientation
{
    /// <summary>Taller than wide.</summary>
    Portrait,

    /// <summary>Wider than tall.</summary>
    Landscape,

    /// <summary>Width and height within 2 % of each other.</summary>
    Square,
}
