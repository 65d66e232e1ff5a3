namespace VlSearch.Catalog;

/// <summary>
/// One tag of a photo: a label with its kind, confidence and source, and for detected objects and their attributes,
/// the box they were seen in. The database deletes tags with their photo; they stay with a photo whose file moves.
/// </summary>
public sealed class PhotoTag
{
    public long Id { get; set; }

    public long PhotoId { get; set; }

    /// <summary>What the tag says ("dog", "red", "beach"), as the source wrote it.</summary>
    public required string Label { get; set; }

    /// <summary>One of <see cref="PhotoTagKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>0 to 1; 1 for tags a person set.</summary>
    public float Confidence { get; set; }

    /// <summary>Identifier of the model that made the tag, or <see cref="PhotoTagKinds.User"/> for a person.</summary>
    public required string Source { get; set; }

    /// <summary>
    /// Ordinal of the detected object within the photo and source: an object tag and its attribute tags share it.
    /// Null for tags of the whole photo.
    /// </summary>
    public int? Detection { get; set; }

    /// <summary>Left edge of the box, relative to the photo's width (0 to 1); null for tags of the whole photo.</summary>
    public float? BoxX { get; set; }

    /// <summary>Top edge of the box, relative to the photo's height (0 to 1).</summary>
    public float? BoxY { get; set; }

    /// <summary>Box width, relative to the photo's width.</summary>
    public float? BoxWidth { get; set; }

    /// <summary>Box height, relative to the photo's height.</summary>
    public float? BoxHeight { get; set; }

    /// <summary>UTC; filled on insert when left at its default.</summary>
    public DateTime CreatedAt { get; set; }
}
