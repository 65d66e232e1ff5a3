namespace VlSearch.Imaging;

/// <summary>Turns a raster stored with an EXIF orientation into an upright RGB raster.</summary>
internal static class ExifOrientation
{
    /// <summary>Whether the orientation swaps width and height (the 90° cases, 5–8).</summary>
    public static bool SwapsAxes(int orientation) => orientation is >= 5 and <= 8;

    /// <summary>
    /// Copies a stored raster (<paramref name="bytesPerPixel"/> 3 = RGB or 4 = RGBA, alpha dropped) into a new
    /// upright RGB buffer. For upright pixel (x', y') the stored pixel is looked up by the inverse transform.
    /// </summary>
    public static byte[] ToUprightRgb(
        ReadOnlySpan<byte> stored, int width, int height, int stride, int bytesPerPixel, int orientation, out int uprightWidth, out int uprightHeight)
    {
        if (orientation is < 1 or > 8)
        {
            orientation = 1;
        }

        var swap = SwapsAxes(orientation);
        uprightWidth = swap ? height : width;
        uprightHeight = swap ? width : height;
        var result = GC.AllocateUninitializedArray<byte>(checked(width * height * 3));

        if (orientation == 1)
        {
            CopyRows(stored, width, height, stride, bytesPerPixel, result);
            return result;
        }

        // Source position of upright (0, 0) and the source steps (in bytes) for x' + 1 and y' + 1.
        var (originX, originY, dxX, dxY, dyX, dyY) = orientation switch
        {
            2 => (width - 1, 0, -1, 0, 0, 1),
            3 => (width - 1, height - 1, -1, 0, 0, -1),
            4 => (0, height - 1, 1, 0, 0, -1),
            5 => (0, 0, 0, 1, 1, 0),
            6 => (0, height - 1, 0, -1, 1, 0),
            7 => (width - 1, height - 1, 0, -1, -1, 0),
            _ => (width - 1, 0, 0, 1, -1, 0), // 8
        };

        var stepX = (dxX * bytesPerPixel) + (dxY * stride);
        var stepY = (dyX * bytesPerPixel) + (dyY * stride);
        var rowStart = (originY * stride) + (originX * bytesPerPixel);
        var o = 0;
        for (var y = 0; y < uprightHeight; y++, rowStart += stepY)
        {
            var s = rowStart;
            for (var x = 0; x < uprightWidth; x++, s += stepX, o += 3)
            {
                result[o] = stored[s];
                result[o + 1] = stored[s + 1];
                result[o + 2] = stored[s + 2];
            }
        }

        return result;
    }

    private static void CopyRows(ReadOnlySpan<byte> stored, int width, int height, int stride, int bytesPerPixel, byte[] result)
    {
        if (bytesPerPixel == 3 && stride == width * 3)
        {
            stored[..result.Length].CopyTo(result);
            return;
        }

        var o = 0;
        for (var y = 0; y < height; y++)
        {
            var row = stored.Slice(y * stride, width * bytesPerPixel);
            for (var s = 0; s < row.Length; s += bytesPerPixel, o += 3)
            {
                result[o] = row[s];
                result[o + 1] = row[s + 1];
                result[o + 2] = row[s + 2];
            }
        }
    }
}
