using VlSearch.Catalog;

namespace VlSearch.Web.Api;

/// <summary>One tag of a photo: label, kind (object, attribute, scene, zero-shot, user), confidence, source model and, for detected objects and their attributes, the box (relative to the photo, 0 to 1).</summary>
public sealed record PhotoTagInfo(string Label, string Kind, float Confidence, string Source, int? Detection, TagBox? Box)
{
    /// <summary>The API shape of a stored tag.</summary>
    public static PhotoTagInfo From(PhotoTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var box = tag is { BoxX: { } x, BoxY: { } y, BoxWidth: { } w, BoxHeight: { } h } ? new TagBox(x, y, w, h) : null;
        return new PhotoTagInfo(tag.Label, tag.Kind, tag.Confidence, tag.Source, tag.Detection, box);
    }
}
