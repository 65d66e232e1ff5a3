namespace VlSearch.Core;

/// <summary>
/// Where a center crop starts when the margin to cut is odd. The two conventions differ by one pixel, and a model
/// sees exactly what its own training pipeline produced only with its own convention.
/// </summary>
public enum CenterCropStyle
{
    /// <summary>Hugging Face image processors: the start is floor((size - crop) / 2), also when padding.</summary>
    HuggingFace,

    /// <summary>torchvision (OpenCLIP): round((size - crop) / 2) half to even; a smaller image is padded by (crop - size) // 2 first.</summary>
    Torchvision,
}
