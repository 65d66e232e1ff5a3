using System.ComponentModel.DataAnnotations;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>How the indexing pipeline uses the machine. Bound from the <c>Indexing</c> section.</summary>
public sealed class IndexingOptions
{
    public const string SectionName = "Indexing";

    /// <summary>Files decoded at once; 0 means one per core.</summary>
    [Range(0, 256)]
    public int DecodeParallelism { get; set; }

    /// <summary>Images per encoder call.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Batches between durable index saves; a crash loses at most this much index work (never catalog work).</summary>
    [Range(1, 100_000)]
    public int FlushEveryBatches { get; set; } = 64;

    /// <summary>
    /// Encoder calls run at once; 0 means what the encoder asks for (<see cref="IImageEncoder.ConcurrentCalls"/>:
    /// one per core, at most eight, on the CPU; one on a GPU). With the default image session threads
    /// (<c>Inference:ImageThreads</c>) this is how inference uses every core.
    /// </summary>
    [Range(0, 256)]
    public int EncodeParallelism { get; set; }

    internal int EncodeParallelismFor(IImageEncoder encoder) => EncodeParallelism > 0 ? EncodeParallelism : Math.Max(1, encoder.ConcurrentCalls);

    internal int EffectiveDecodeParallelism => DecodeParallelism > 0 ? DecodeParallelism : Environment.ProcessorCount;
}
