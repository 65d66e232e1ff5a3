using VlSearch.Core;

namespace VlSearch.Catalog;

/// <summary>Builds the payload an index stores beside a photo's vector from the catalog's record.</summary>
public static class PhotoPayloads
{
    public static PhotoPayload From(Photo photo, string? libraryName) => new()
    {
        Path = photo.Path,
        Library = libraryName,
        TakenAt = photo.TakenAt,
        Camera = CameraName(photo.CameraMake, photo.CameraModel),
        FileType = photo.Format,
        Tags = photo.Tags,
        Caption = photo.Caption,
    };

    /// <summary>"Make Model", without repeating the make when the model already starts with it (common in EXIF).</summary>
    public static string? CameraName(string? make, string? model)
    {
        make = string.IsNullOrWhiteSpace(make) ? null : make.Trim();
        model = string.IsNullOrWhiteSpace(model) ? null : model.Trim();
        if (make is null || model is null)
        {
            return model ?? make;
        }

        return model.StartsWith(make, StringComparison.OrdinalIgnoreCase) ? model : $"{make} {model}";
    }
}
