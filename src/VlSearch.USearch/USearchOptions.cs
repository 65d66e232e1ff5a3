using System.ComponentModel.DataAnnotations;

namespace VlSearch.USearch;

/// <summary>Settings of the embedded index. Bound from the <c>USearch</c> configuration section.</summary>
public sealed class USearchOptions
{
    public const string SectionName = "USearch";

    /// <summary>Storage precision of new collections; existing files keep the precision they were built with.</summary>
    public USearchQuantization Quantization { get; set; } = USearchQuantization.F16;

    /// <summary>HNSW graph degree (M).</summary>
    [Range(2, 256)]
    public int Connectivity { get; set; } = 12;

    /// <summary>
    /// Candidate list size while building (efConstruction). 128 rather than 40: on 1M clustered 512-d vectors,
    /// 40 built in 67 s but reached only 0.85 recall@10, 128 built in 167 s and reached 0.99 (2 cores).
    /// </summary>
    [Range(1, 4096)]
    public int ExpansionAdd { get; set; } = 128;

    /// <summary>Candidate list size while searching (ef); applied after every load because files do not keep it.</summary>
    [Range(1, 4096)]
    public int ExpansionSearch { get; set; } = 200;

    /// <summary>Collections (or filtered subsets) smaller than this are searched exactly instead of through the graph.</summary>
    [Range(0, int.MaxValue)]
    public int ExactSearchBelow { get; set; } = 20_000;

    /// <summary>
    /// A filter matching at most this fraction of a collection is answered by exact search over the matching
    /// vectors; graph traversal with such selective filters misses results.
    /// </summary>
    [Range(0.0, 1.0)]
    public double FilteredExactFraction { get; set; } = 0.05;

    /// <summary>The graph is rebuilt at the next flush once deletions since the last build exceed this fraction.</summary>
    [Range(0.0, 1.0)]
    public double CompactionDeletedFraction { get; set; } = 0.25;

    /// <summary>
    /// For 8-bit collections: keep half-precision copies of the vectors (memory-mapped from a file beside the
    /// index) and re-rank an oversampled candidate list with them, since 8-bit codes alone misorder close
    /// neighbours. Applies to collections created while it is on.
    /// </summary>
    public bool RescoreQuantized { get; set; } = true;

    /// <summary>Candidates fetched from the graph per requested hit when rescoring.</summary>
    [Range(1, 64)]
    public int RescoreOversampling { get; set; } = 4;

    /// <summary>Threads used to add large batches; 0 means one per processor.</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    internal int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>Searches that may run in the native index at once (each needs its own native context).</summary>
    internal int SearchConcurrency => Math.Max(16, 4 * Math.Max(EffectiveThreads, Environment.ProcessorCount));
}
