namespace VlSearch.Onnx;

/// <summary>The directory layouts CLIP models are distributed in.</summary>
public enum ClipModelLayout
{
    /// <summary>
    /// Hugging Face / transformers.js: <c>onnx/vision_model.onnx</c>, <c>onnx/text_model.onnx</c>, <c>vocab.json</c>,
    /// <c>merges.txt</c>, <c>tokenizer.json</c>, <c>preprocessor_config.json</c>, <c>config.json</c>.
    /// </summary>
    HuggingFace,

    /// <summary>
    /// OpenCLIP exported for immich: <c>visual/model.onnx</c>, <c>visual/preprocess_cfg.json</c>,
    /// <c>textual/model.onnx</c>, <c>textual/tokenizer.json</c>, <c>config.json</c>.
    /// </summary>
    OpenClip,
}
