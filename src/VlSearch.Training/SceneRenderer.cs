using VlSearch.Core;

namespace VlSearch.Training;

/// <summary>Rasterizes a <see cref="SceneLayout"/> with flat colours (no anti-aliasing, so PNGs stay small).</summary>
internal static class SceneRenderer
{
    public const int Size = SceneGenerator.ImageSize;

    public static RgbImage Render(SceneLayout layout, IReadOnlyList<(byte R, byte G, byte B)> palette, ref Rng rng)
    {
        var pixels = new byte[Size * Size * 3];
        DrawBackground(pixels, layout.Tone, layout.Texture, ref rng);
        foreach (var obj in layout.Objects)
        {
            var (r, g, b) = palette[obj.Color];
            DrawShape(pixels, obj, Jitter(r, ref rng), Jitter(g, ref rng), Jitter(b, ref rng));
        }

        return new RgbImage(Size, Size, pixels);
    }

    private static byte Jitter(byte value, ref Rng rng) => (byte)Math.Clamp(value + rng.Next(-12, 12), 0, 255);

    private static void DrawBackground(byte[] pixels, int tone, int texture, ref Rng rng)
    {
        var light = tone == 0;
        var baseValue = light ? rng.Next(205, 238) : rng.Next(22, 58);
        var contrast = light ? -rng.Next(40, 60) : rng.Next(40, 60);
        var period = rng.Next(14, 22);
        var orientation = rng.Next(3);
        var offsetX = rng.Next(period);
        var offsetY = rng.Next(period);
        var dotRadius = rng.Next(3, 5);
        var blocks = new sbyte[(Size / 4) * (Size / 4)];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = (sbyte)rng.Next(-45, 45);
        }

        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var value = baseValue;
                switch (texture)
                {
                    case 1: // striped
                        var coord = orientation switch { 0 => y, 1 => x, _ => x + y } + offsetX;
                        if (coord / (period / 2) % 2 == 0)
                        {
                            value += contrast;
                        }

                        break;
                    case 2: // dotted
                        var dx = ((x + offsetX) % period) - (period / 2);
                        var dy = ((y + offsetY) % period) - (period / 2);
                        if ((dx * dx) + (dy * dy) <= dotRadius * dotRadius)
                        {
                            value += contrast;
                        }

                        break;
                    case 3: // checkered
                        if ((((x + offsetX) / period) + ((y + offsetY) / period)) % 2 == 0)
                        {
                            value += contrast;
                        }

                        break;
                    case 4: // noisy: 4×4 blocks, which compress far better than per-pixel noise
                        value += blocks[((y / 4) * (Size / 4)) + (x / 4)];
                        break;
                }

                var v = (byte)Math.Clamp(value, 0, 255);
                var p = ((y * Size) + x) * 3;
                pixels[p] = v;
                pixels[p + 1] = v;
                pixels[p + 2] = v;
            }
        }
    }

    private static void DrawShape(byte[] pixels, SceneObject obj, byte r, byte g, byte b)
    {
        var radius = obj.Radius;
        var extent = (int)MathF.Ceiling(radius * 1.25f) + 1;
        var cos = MathF.Cos(obj.Angle);
        var sin = MathF.Sin(obj.Angle);
        var polygon = obj.Shape switch
        {
            2 => RegularPolygon(3, radius * 1.15f, radius * 1.15f),
            3 => RegularPolygon(5, radius * 1.2f, radius * 0.5f),
            _ => null,
        };
        var cx = (int)obj.X;
        var cy = (int)obj.Y;
        for (var y = Math.Max(0, cy - extent); y <= Math.Min(Size - 1, cy + extent); y++)
        {
            for (var x = Math.Max(0, cx - extent); x <= Math.Min(Size - 1, cx + extent); x++)
            {
                var dx = x + 0.5f - obj.X;
                var dy = y + 0.5f - obj.Y;
                var u = (dx * cos) + (dy * sin);
                var v = (-dx * sin) + (dy * cos);
                var inside = obj.Shape switch
                {
                    0 => (dx * dx) + (dy * dy) <= radius * radius,
                    1 => MathF.Abs(u) <= radius * 0.85f && MathF.Abs(v) <= radius * 0.85f,
                    4 => (MathF.Abs(u) <= radius && MathF.Abs(v) <= radius * 0.34f) ||
                         (MathF.Abs(v) <= radius && MathF.Abs(u) <= radius * 0.34f),
                    5 => (dx * dx) + (dy * dy) <= radius * radius &&
                         (dx * dx) + (dy * dy) >= radius * radius * 0.36f,
                    _ => InsidePolygon(polygon!, u, v),
                };
                if (inside)
                {
                    var p = ((y * Size) + x) * 3;
                    pixels[p] = r;
                    pixels[p + 1] = g;
                    pixels[p + 2] = b;
                }
            }
        }
    }

    /// <summary>A star (or, with equal radii, a polygon with 2n vertices) pointing up.</summary>
    private static (float X, float Y)[] RegularPolygon(int points, float outer, float inner)
    {
        var equal = Math.Abs(outer - inner) < 1e-6f;
        var count = equal ? points : points * 2;
        var vertices = new (float X, float Y)[count];
        for (var i = 0; i < count; i++)
        {
            var angle = (-MathF.PI / 2) + (2 * MathF.PI * i / count);
            var rad = equal || i % 2 == 0 ? outer : inner;
            vertices[i] = (rad * MathF.Cos(angle), rad * MathF.Sin(angle));
        }

        return vertices;
    }

    private static bool InsidePolygon((float X, float Y)[] polygon, float x, float y)
    {
        var inside = false;
        for (int i = 0, j = polygon.Length - 1; i < polygon.Length; j = i++)
        {
            var (xi, yi) = polygon[i];
            var (xj, yj) = polygon[j];
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
