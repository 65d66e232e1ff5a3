using System.ComponentModel.DataAnnotations;

namespace VlSearch.Hosting;

/// <summary>
/// The object-and-attribute detector of the enrichment stage <c>objects</c> (section <c>Detector</c>). None is used
/// unless <see cref="Model"/> names one: the shipped tiny tagger knows only the synthetic scenes' shapes, colours and
/// sizes, so it would put wrong tags on real photos; the offline demo names it.
/// </summary>
public sealed class DetectorOptions
{
    public const string SectionName = "Detector";

    /// <summary>The tagger the repository ships (DETR-style layout, trained on the synthetic scenes).</summary>
    public const string ShippedModel = "vlsearch-tiny-tagger";

    /// <summary>A detector folder (DETR-, YOLO- or OWL-style, see docs/models.md), or the name of a shipped or installed one.</summary>
    public string? Model { get; set; }

    /// <summary>Objects scoring lower are not stored.</summary>
    [Range(0.0, 1.0)]
    public float MinScore { get; set; } = 0.5f;

    /// <summary>Attributes scoring lower are not stored.</summary>
    [Range(0.0, 1.0)]
    public float MinAttributeScore { get; set; } = 0.5f;
}
