namespace VlSearch.Onnx.Tagging;

/// <summary>The export layouts <see cref="OnnxObjectTaggerLoader"/> recognises.</summary>
public enum TaggerLayout
{
    /// <summary>logits [B, Q, C+1] (last class: no object) and pred_boxes [B, Q, 4], labels from config.json id2label.</summary>
    Detr,

    /// <summary>One tensor [B, 4+C, N] or [B, N, 4+C] of boxes in input pixels, labels from labels.txt or config names.</summary>
    Yolo,

    /// <summary>OWL-ViT / OWLv2: label texts and pixels in, logits [B, Q, L] and pred_boxes [B, Q, 4] out.</summary>
    Owl,
}
