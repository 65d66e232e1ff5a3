namespace VlSearch.Core;

/// <summary>How models are run. Bound from the <c>Inference</c> configuration section.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>CPU by default; CUDA falls back to CPU with a warning where no GPU provider is available.</summary>
    public ExecutionDevice Device { get; set; } = ExecutionDevice.Cpu;

    /// <summary>
    /// Intra-op threads of text (query) sessions and of single-graph models; 0 lets the runtime choose (all cores),
    /// which gives the lowest latency to one search.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>
    /// Intra-op threads of image sessions. 0 (the default) means one thread per call on machines of up to
    /// <see cref="ConcurrentImageCalls"/> cores and cores ÷ that above: indexing runs that many encoder calls at once
    /// (<c>Indexing:EncodeParallelism</c>), which keeps every core busy without the waits of splitting each call
    /// across all of them (on 2 cores ResNet18 indexes 1.6 times faster). A single search-by-image call is slower
    /// than with all cores.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1024)]
    public int ImageThreads { get; set; }

    /// <summary>
    /// Encoder calls indexing runs at once by default: one per core, at most eight, so that the activations of large
    /// models stay within memory on many-core machines.
    /// </summary>
    public static int ConcurrentImageCalls => Math.Min(Environment.ProcessorCount, 8);

    /// <summary>The intra-op threads image sessions get: <see cref="ImageThreads"/>, or the default it describes.</summary>
    public int EffectiveImageThreads => ImageThreads > 0 ? ImageThreads : Math.Max(1, Environment.ProcessorCount / ConcurrentImageCalls);

    /// <summary>
    /// Whether idle inference threads busy-wait for the next call. Off by default: the indexing pipeline decodes on
    /// the same cores, and spinning threads take CPU from it. On suits a machine that only runs inference.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>Images per inference call.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1024)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Which ONNX variant to prefer in Hugging Face layouts: "" (full precision), "quantized" or "fp16".</summary>
    public string Variant { get; set; } = "";
}
