using System.ComponentModel.DataAnnotations;

namespace VlSearch.Hosting;

/// <summary>Which vector index serves searches. Bound from the <c>VectorIndex</c> section.</summary>
public sealed class VectorIndexOptions
{
    public const string SectionName = "VectorIndex";

    /// <summary><c>usearch</c> (embedded, default) or <c>qdrant</c> (server or cluster; see the <c>Qdrant</c> section).</summary>
    [Required]
    [RegularExpression("^(usearch|qdrant)$", ErrorMessage = "VectorIndex:Provider must be 'usearch' or 'qdrant'.")]
    public string Provider { get; set; } = "usearch";
}
