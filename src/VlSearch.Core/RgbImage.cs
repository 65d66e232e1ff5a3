namespace VlSearch.Core;

/// <summary>
/// An 8-bit RGB raster, row-major and interleaved (R, G, B per pixel), already rotated upright.
/// </summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Pixels">Exactly <c>Width * Height * 3</c> bytes.</param>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    /// <summary>Checks that the buffer matches the declared size.</summary>
    public RgbImage Validate()
    {
        if (Width <= 0 || Height <= 0 || Pixels.Length != checked(Width * Height * 3))
        {
            throw new ArgumentException($"An RGB image of {Width}x{Height} needs {Width * Height * 3} bytes, got {Pixels.Length}.");
        }

        return this;
    }
}
