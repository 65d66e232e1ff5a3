namespace VlSearch.Core;

/// <summary>What the decoder learns about a photo besides its pixels.</summary>
public sealed record PhotoMetadata
{
    /// <summary>Format name in lower case: jpeg, png, webp, gif, bmp, tiff.</summary>
    public required string Format { get; init; }

    /// <summary>Width as stored in the file, before orientation is applied.</summary>
    public int Width { get; init; }

    /// <summary>Height as stored in the file, before orientation is applied.</summary>
    public int Height { get; init; }

    /// <summary>EXIF orientation (1–8); 1 when absent.</summary>
    public int Orientation { get; init; } = 1;

    /// <summary>EXIF DateTimeOriginal (local time of the camera, kept as UTC-less wall time).</summary>
    public DateTime? TakenAt { get; init; }

    public string? CameraMake { get; init; }

    public string? CameraModel { get; init; }

    /// <summary>EXIF lens make and model, joined ("Canon EF 50mm f/1.8 STM"); null when the file names none.</summary>
    public string? Lens { get; init; }

    /// <summary>Embedded keywords: XMP <c>dc:subject</c> and IPTC Keywords, in file order, without repeats.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Embedded description: XMP <c>dc:description</c>, else the IPTC caption, else EXIF ImageDescription.</summary>
    public string? Description { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>
    /// Why the decoded pixels may be incomplete although decoding succeeded (a file cut short, whose missing part the
    /// codec filled); null for a complete file. The photo is indexed, and the reason is kept for the status pages.
    /// </summary>
    public string? Warning { get; init; }
}
