namespace VlSearch.Core;

/// <summary>How an image is brought to the model's input size.</summary>
public enum ResizeMode
{
    /// <summary>Scale so the shorter side equals the target, then center-crop (CLIP, OpenCLIP).</summary>
    ShortestEdge,

    /// <summary>Scale both sides to the target independently, ignoring aspect ratio (SigLIP, immich "squash").</summary>
    Squash,
}
