using VlSearch.Core;
using VlSearch.Onnx;

namespace VlSearch.ModelHub;

/// <summary>Loads a model folder (Hugging Face or OpenCLIP layout) with ONNX Runtime.</summary>
internal static class DirectoryModelLoader
{
    public static IEmbeddingModel Load(string directory, InferenceOptions options) =>
        new OnnxModelLoader(options).Load(directory);
}
