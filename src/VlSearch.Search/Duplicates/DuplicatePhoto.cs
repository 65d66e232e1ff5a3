namespace VlSearch.Search.Duplicates;

/// <summary>What the keeper rule needs to know about a photo: its size in pixels and its age.</summary>
public sealed record DuplicatePhoto(long Id, string Path, int Width, int Height, DateTime? TakenAt, DateTime ModifiedAt)
{
    /// <summary>Width × height.</summary>
    public long Pixels => (long)Width * Height;

    /// <summary>When the shot was taken, else when its file was last written: the older photo is the original.</summary>
    public DateTime Age => TakenAt ?? ModifiedAt;
}
