using System.ComponentModel.DataAnnotations;

namespace VlSearch.Hosting;

/// <summary>Which vector index serves searches. Bound from the <c>VectorIndex</c> section.</summary>
public sealed class VectorIndexOptions
{
    public const string SectionName = "VectorIndex";

    /// <summary><c>usearch</c> (embedded, default) or <c>qdrant</c> (server or cluster; see the <c>Qdrant</c> section).</summary>
    [Required]
    [RegularExpression("^(usearch|qdrant)$", ErrorMessage = "VectorIndex:Provider must be 'usearch' or 'qdrant'.")]
    public string Provider { get; set; } = Embedded;

    /// <summary>The embedded index: one process owns its folder.</summary>
    public const string Embedded = "usearch";

    /// <summary>The Qdrant server, which every process may write.</summary>
    public const string Qdrant = "qdrant";

    /// <summary>Whether the configured index is a server shared by every process.</summary>
    public bool IsShared => string.Equals(Provider, Qdrant, StringComparison.OrdinalIgnoreCase);
}
