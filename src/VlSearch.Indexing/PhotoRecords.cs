using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>How a scanned file and its metadata become a catalog photo.</summary>
internal static class PhotoRecords
{
    public static Photo New(Library library, PendingFile file, PhotoMetadata metadata)
    {
        var now = DateTime.UtcNow;
        var photo = new Photo
        {
            LibraryId = library.Id,
            Path = file.File.Path,
            ContentHash = file.Hash!,
            AddedAt = now,
            UpdatedAt = now,
        };
        ApplyMetadata(photo, file, metadata);
        return photo;
    }

    public static void ApplyMetadata(Photo photo, PendingFile file, PhotoMetadata metadata)
    {
        photo.Size = file.File.Size;
        photo.ModifiedAt = file.File.ModifiedAtUtc;
        photo.Width = metadata.Width;
        photo.Height = metadata.Height;
        photo.Format = metadata.Format;
        photo.Orientation = metadata.Orientation;
        photo.TakenAt = metadata.TakenAt;
        photo.CameraMake = metadata.CameraMake;
        photo.CameraModel = metadata.CameraModel;
        photo.Lens = metadata.Lens;
        photo.Keywords = [.. metadata.Keywords];
        photo.Description = metadata.Description;
        photo.Latitude = metadata.Latitude;
        photo.Longitude = metadata.Longitude;
        photo.DecodeWarning = metadata.Warning;
    }

    /// <summary>Databases keep microseconds at best (PostgreSQL); file systems keep 100 ns ticks.</summary>
    public static bool SameTime(DateTime stored, DateTime onDisk) => Math.Abs((stored - onDisk).Ticks) < TimeSpan.TicksPerMicrosecond;
}
