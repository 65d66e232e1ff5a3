using VlSearch.Core;

namespace VlSearch.Onnx.ResNet18;

/// <summary>Registers <see cref="ResNet18Model"/> with the model hub under the name <c>resnet18-imagenet</c>.</summary>
public sealed class ResNet18BuiltInModel : IBuiltInModel
{
    private readonly string? _modelDirectory;

    /// <param name="modelDirectory">Folder holding <c>ResNet18Onnx/</c> and <c>ResNetPrepOnnx/</c>; default: beside the application.</param>
    public ResNet18BuiltInModel(string? modelDirectory = null)
    {
        _modelDirectory = modelDirectory;
    }

    public string Name => ResNet18Model.ModelName;

    public string Description => "ImageNet ResNet18 features (visual only: similar-photo search, no text queries)";

    public int Dimension => ResNet18Model.VectorLength;

    public bool HasText => false;

    public bool IsAvailable => ResNet18Model.FilesExist(_modelDirectory);

    public IEmbeddingModel Load(InferenceOptions options) => ResNet18Model.Load(options, _modelDirectory);
}
