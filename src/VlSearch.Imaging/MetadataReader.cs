using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using VlSearch.Core;

namespace VlSearch.Imaging;

/// <summary>Builds <see cref="PhotoMetadata"/> from what ImageSharp identified in a file's header.</summary>
internal static class MetadataReader
{
    /// <summary>The lower-case format name used in <see cref="PhotoMetadata.Format"/>, or null for formats we do not accept.</summary>
    public static string? FormatName(IImageFormat format) => format.Name.ToUpperInvariant() switch
    {
        "JPEG" => "jpeg",
        "PNG" => "png",
        "WEBP" => "webp",
        "GIF" => "gif",
        "BMP" => "bmp",
        "TIFF" => "tiff",
        _ => null,
    };

    public static PhotoMetadata Read(string format, IImageInfo info)
    {
        var exif = info.Metadata.ExifProfile;
        var xmp = EmbeddedText.ReadXmp(XmpPacket(info));
        var text = new PhotoMetadata
        {
            Format = format,
            Width = info.Width,
            Height = info.Height,
            Keywords = EmbeddedText.Keywords(info.Metadata, xmp),
            Description = EmbeddedText.Description(info.Metadata, xmp),
        };
        if (exif is null)
        {
            return text;
        }

        return text with
        {
            Lens = EmbeddedText.Lens(exif),
            Orientation = ReadOrientation(exif),
            TakenAt = ParseExifDate(exif.GetValue(ExifTag.DateTimeOriginal)?.Value),
            CameraMake = Clean(exif.GetValue(ExifTag.Make)?.Value),
            CameraModel = Clean(exif.GetValue(ExifTag.Model)?.Value),
            Latitude = ReadCoordinate(exif.GetValue(ExifTag.GPSLatitude)?.Value, exif.GetValue(ExifTag.GPSLatitudeRef)?.Value, "S", 90),
            Longitude = ReadCoordinate(exif.GetValue(ExifTag.GPSLongitude)?.Value, exif.GetValue(ExifTag.GPSLongitudeRef)?.Value, "W", 180),
        };
    }

    private static byte[]? XmpPacket(IImageInfo info)
    {
        try
        {
            return info.Metadata.XmpProfile?.ToByteArray();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static int ReadOrientation(ExifProfile exif)
    {
        var value = exif.GetValue(ExifTag.Orientation)?.Value ?? 1;
        return value is >= 1 and <= 8 ? value : 1;
    }

    /// <summary>EXIF dates are "yyyy:MM:dd HH:mm:ss" in the camera's local time; blank or zeroed dates mean unknown.</summary>
    internal static DateTime? ParseExifDate(string? text)
    {
        text = Clean(text);
        if (text is null)
        {
            return null;
        }

        string[] formats = ["yyyy:MM:dd HH:mm:ss", "yyyy:MM:dd HH:mm:ss.FFF", "yyyy-MM-dd HH:mm:ss", "yyyy:MM:dd"];
        return DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified)
            : null;
    }

    private static double? ReadCoordinate(Rational[]? dms, string? reference, string negativeReference, double limit)
    {
        if (dms is null || dms.Length == 0)
        {
            return null;
        }

        var value = 0.0;
        var unit = 1.0;
        foreach (var part in dms.Take(3))
        {
            if (part.Denominator == 0)
            {
                return null;
            }

            value += part.ToDouble() / unit;
            unit *= 60;
        }

        if (Clean(reference) is { } r && r.StartsWith(negativeReference, StringComparison.OrdinalIgnoreCase))
        {
            value = -value;
        }

        return double.IsFinite(value) && Math.Abs(value) <= limit ? value : null;
    }

    private static string? Clean(string? text)
    {
        var trimmed = text?.Trim().TrimEnd('\0').Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}
