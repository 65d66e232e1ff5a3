using System.ComponentModel.DataAnnotations;

namespace VlSearch.Core;

/// <summary>Which models are used when a command names none. Bound from the <c>Models</c> section.</summary>
public sealed class ModelSelectionOptions
{
    public const string SectionName = "Models";

    /// <summary>The text+image model used for indexing and search; the bundled offline model by default.</summary>
    [Required]
    public string Active { get; set; } = "vlsearch-tiny";

    /// <summary>The model for <c>similar</c> when none is named; empty means <see cref="Active"/>.</summary>
    public string? Visual { get; set; }
}
