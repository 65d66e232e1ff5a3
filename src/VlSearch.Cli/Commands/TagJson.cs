using VlSearch.Catalog;

namespace VlSearch.Cli.Commands;

/// <summary>A photo tag as the CLI prints it.</summary>
public sealed record TagJson(string Label, string Kind, double Confidence, string Source, TagBoxJson? Box)
{
    public static TagJson From(PhotoTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var box = tag is { BoxX: { } x, BoxY: { } y, BoxWidth: { } w, BoxHeight: { } h } ? new TagBoxJson(x, y, w, h) : null;
        return new TagJson(tag.Label, tag.Kind, Math.Round(tag.Confidence, 4), tag.Source, box);
    }
}
