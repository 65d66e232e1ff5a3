using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// Everything <see cref="ClipModelDirectory"/> needs to write a CLIP model directory: the two ONNX towers, the
/// byte-level BPE vocabulary and the input conventions.
/// </summary>
/// <remarks>
/// The vocabulary must contain <c>&lt;|startoftext|&gt;</c> and <c>&lt;|endoftext|&gt;</c>
/// (<see cref="ClipVocabulary.Build"/> produces one in CLIP's order).
/// </remarks>
public sealed record ClipModelExport
{
    /// <summary>Model name, written as <c>_name_or_path</c>/<c>model_name</c>; it becomes the model id.</summary>
    public required string Name { get; init; }

    /// <summary>The vision tower (ONNX bytes), mapping pixels to one embedding per image.</summary>
    public required byte[] VisionModel { get; init; }

    /// <summary>The text tower (ONNX bytes), mapping token ids to one embedding per text.</summary>
    public required byte[] TextModel { get; init; }

    /// <summary>Token → id, byte-level (GPT-2 byte-to-unicode alphabet) with <c>&lt;/w&gt;</c> end-of-word suffixes.</summary>
    public required IReadOnlyDictionary<string, int> Vocabulary { get; init; }

    /// <summary>BPE merges in priority order, each "left right".</summary>
    public required IReadOnlyList<string> Merges { get; init; }

    /// <summary>Output dimension of both towers.</summary>
    public required int EmbedDimension { get; init; }

    /// <summary>Tokens per text including start and end tokens (77 for CLIP).</summary>
    public int ContextLength { get; init; } = 77;

    /// <summary>Padding id; null uses the layout's convention (end token for Hugging Face, 0 for OpenCLIP).</summary>
    public int? PadId { get; init; }

    /// <summary>The pixel pipeline the vision tower expects.</summary>
    public PreprocessSpec Preprocess { get; init; } = new();
}
