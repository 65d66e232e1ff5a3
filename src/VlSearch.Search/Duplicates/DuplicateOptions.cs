using System.ComponentModel.DataAnnotations;

namespace VlSearch.Search.Duplicates;

/// <summary>How near-duplicate photos are grouped (configuration section <c>Duplicates</c>).</summary>
public sealed class DuplicateOptions
{
    public const string SectionName = "Duplicates";

    /// <summary>
    /// Cosine similarity from which two photos are the same shot. Calibrated with <c>vlsearch bench duplicates</c> on
    /// generated photos and edited copies of them (resize, 80 % crop, JPEG quality 40, brightness, mirror) with the
    /// built-in ResNet18: the lowest threshold whose groups keep wrong members at or under 2 %. On 500 generated
    /// scenes that is 0.98 (0.4 % wrong members, 60 % of copies grouped with their original): distinct generated
    /// scenes share backgrounds and shapes and score up to 0.97 with each other, so lower thresholds chain them.
    /// </summary>
    [Range(0.5, 1.0)]
    public float Threshold { get; set; } = DefaultThreshold;

    /// <summary>Neighbours asked of the vector index per photo; a group larger than this still forms through chains.</summary>
    [Range(2, 100)]
    public int Neighbours { get; set; } = 10;

    /// <summary>The model whose vectors are compared when none is named.</summary>
    [Required]
    public string Model { get; set; } = "resnet18-imagenet";

    /// <summary>The calibrated default of <see cref="Threshold"/>.</summary>
    public const float DefaultThreshold = 0.98f;
}
