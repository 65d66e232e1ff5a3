namespace VlSearch.Core;

/// <summary>
/// The pixel pipeline a vision model expects, read from its configuration: resize, crop, rescale, normalize,
/// laid out as NCHW float32 RGB.
/// </summary>
public sealed record PreprocessSpec
{
    /// <summary>Target of the resize step: the shorter side for <see cref="ResizeMode.ShortestEdge"/>, both sides for squash.</summary>
    public int ResizeTo { get; init; } = 224;

    /// <summary>Output height (after center crop).</summary>
    public int CropHeight { get; init; } = 224;

    /// <summary>Output width (after center crop).</summary>
    public int CropWidth { get; init; } = 224;

    public ResizeMode Mode { get; init; } = ResizeMode.ShortestEdge;

    /// <summary>Whether to center-crop after resizing.</summary>
    public bool CenterCrop { get; init; } = true;

    /// <summary>Which convention places the crop window when the margin is odd.</summary>
    public CenterCropStyle CropStyle { get; init; } = CenterCropStyle.HuggingFace;

    /// <summary>Multiplier applied to 0–255 values before normalization (1/255 for CLIP; 1 keeps 0–255).</summary>
    public float RescaleFactor { get; init; } = 1f / 255f;

    /// <summary>Per-channel mean, RGB order.</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>Per-channel standard deviation, RGB order.</summary>
    public IReadOnlyList<float> Std { get; init; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Number of floats one image occupies.</summary>
    public int TensorLength => 3 * CropHeight * CropWidth;

    /// <summary>The shorter side a decoder must keep so the resize never upsamples beyond what the model sees.</summary>
    public int MinimumDecodeEdge => Math.Max(ResizeTo, Math.Max(CropHeight, CropWidth));
}
