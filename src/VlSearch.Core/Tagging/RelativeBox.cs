namespace VlSearch.Core.Tagging;

/// <summary>
/// An axis-aligned box relative to the image: <see cref="X"/>, <see cref="Y"/> is the top-left corner and every value
/// lies in [0, 1], so a box can be drawn over the photo at any size.
/// </summary>
public readonly record struct RelativeBox(float X, float Y, float Width, float Height)
{
    /// <summary>Area of overlap over area of union, 0 to 1.</summary>
    public float IntersectionOverUnion(RelativeBox other)
    {
        var left = Math.Max(X, other.X);
        var top = Math.Max(Y, other.Y);
        var right = Math.Min(X + Width, other.X + other.Width);
        var bottom = Math.Min(Y + Height, other.Y + other.Height);
        var overlap = Math.Max(0f, right - left) * Math.Max(0f, bottom - top);
        var union = (Width * Height) + (other.Width * other.Height) - overlap;
        return union <= 0f ? 0f : overlap / union;
    }
}
