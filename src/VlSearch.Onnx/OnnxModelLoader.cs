using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>Loads model directories (any layout <see cref="OnnxClipModel"/> understands) with ONNX Runtime.</summary>
public sealed class OnnxModelLoader : IModelLoader
{
    private readonly InferenceOptions _options;
    private readonly Action<string>? _onWarning;

    /// <param name="options">Device, threads, batch size and variant; defaults when null.</param>
    /// <param name="onWarning">Receives non-fatal problems such as a CUDA fallback; standard error when null.</param>
    public OnnxModelLoader(InferenceOptions? options = null, Action<string>? onWarning = null)
    {
        _options = options ?? new InferenceOptions();
        _onWarning = onWarning;
    }

    /// <summary>Loads the model directory <paramref name="nameOrDirectory"/>; names are resolved by the model hub, not here.</summary>
    public IEmbeddingModel Load(string nameOrDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrDirectory);
        if (!Directory.Exists(nameOrDirectory))
        {
            throw new ModelLoadException($"Model directory not found: {nameOrDirectory}");
        }

        return OnnxClipModel.Load(nameOrDirectory, _options, _onWarning);
    }
}
