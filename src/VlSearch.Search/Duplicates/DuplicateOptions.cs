using System.ComponentModel.DataAnnotations;

namespace VlSearch.Search.Duplicates;

/// <summary>How near-duplicate photos are grouped (configuration section <c>Duplicates</c>).</summary>
public sealed class DuplicateOptions
{
    public const string SectionName = "Duplicates";

    /// <summary>
    /// Cosine similarity from which two photos are the same shot. Calibrated with <c>vlsearch bench duplicates</c> on
    /// generated photos and edited copies of them (resize, 80 % crop, JPEG quality 40, brightness, mirror) with the
    /// built-in ResNet18: the lowest threshold (in steps of 0.005) whose groups keep wrong members at or under 2 %.
    /// On 500 generated scenes (seed 13) that is 0.86: 97 % of copies grouped with their original, 1.6 % wrong
    /// members. The model's vectors are half ImageNet features, half pixel layout; at 0.855 alike scenes start to
    /// chain (2.0 % wrong), at 0.88 the crops start to fall out (95 % of copies).
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
    public const float DefaultThreshold = 0.86f;
}
