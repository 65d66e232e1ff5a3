using Microsoft.ML.OnnxRuntime;
using VlSearch.Core;

namespace VlSearch.Onnx.ResNet18;

/// <summary>
/// The visual-only <c>resnet18-imagenet</c> model: ImageNet ResNet18 features (512-d, global average pool) from the
/// ONNX graphs shipped in the Microsoft.ML.DnnImageFeaturizer.ResNet18 package, followed by a 432-d
/// <see cref="LayoutSignature"/> of the same input, the two halves weighted equally. It has no text tower, so it
/// serves image-to-image similarity (near duplicates, "more like this") rather than text search.
/// </summary>
/// <remarks>
/// The features alone group only 60 % of edited copies of generated scenes within a 2 % wrong-member budget (alike
/// scenes score as high as a copy); with the layout half, 96 % and more (see <c>vlsearch bench duplicates</c>).
/// </remarks>
public sealed class ResNet18Model : IEmbeddingModel
{
    /// <summary>The name the model is selected by and its vector collection id.</summary>
    public const string ModelName = "resnet18-imagenet";

    /// <summary>Length of the network's pooled feature vector.</summary>
    public const int FeatureLength = 512;

    /// <summary>Length of the model's vectors: the pooled features, then the layout signature.</summary>
    public const int VectorLength = FeatureLength + LayoutSignature.Length;

    /// <summary>Path of the network relative to the model folder.</summary>
    public const string NetworkFile = "ResNet18Onnx/ResNet18.onnx";

    /// <summary>Path of the companion preprocessing graph relative to the model folder.</summary>
    public const string PreprocessFile = "ResNetPrepOnnx/ResNetPreprocess.onnx";

    private readonly ResNet18ImageEncoder _encoder;

    private ResNet18Model(ResNet18ImageEncoder encoder)
    {
        _encoder = encoder;
    }

    /// <summary>Where the package's build props copy the graphs: <c>DnnImageModels/</c> beside the application.</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "DnnImageModels");

    /// <summary>
    /// The preprocessing graph takes a 224×224 RGB tensor of raw 0–255 values (it reorders channels and subtracts
    /// its own mean image), so the pipeline only resizes: shortest edge to 224 then a center crop, which keeps the
    /// aspect ratio the network was trained with.
    /// </summary>
    public static PreprocessSpec InputSpec { get; } = new()
    {
        ResizeTo = 224,
        CropHeight = 224,
        CropWidth = 224,
        Mode = ResizeMode.ShortestEdge,
        CenterCrop = true,
        RescaleFactor = 1f,
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
    };

    public string Id => ModelName;

    public int Dimension => VectorLength;

    public IImageEncoder Image => _encoder;

    public ITextEncoder? Text => null;

    /// <summary>The device the sessions actually run on (CUDA requests fall back to CPU when unavailable).</summary>
    public ExecutionDevice Device => _encoder.Device;

    /// <summary>True when both graphs are present in <paramref name="modelDirectory"/> (default: beside the application).</summary>
    public static bool FilesExist(string? modelDirectory = null)
    {
        var directory = modelDirectory ?? DefaultModelDirectory;
        return File.Exists(Path.Combine(directory, NetworkFile)) && File.Exists(Path.Combine(directory, PreprocessFile));
    }

    /// <summary>
    /// Opens one session per graph; keep the returned model for the process lifetime. Throws
    /// <see cref="ModelLoadException"/> when the graphs are missing or unreadable.
    /// </summary>
    /// <param name="options">Device and threads (the batch size does not apply: the graphs take one image).</param>
    /// <param name="modelDirectory">Folder holding the graphs; default <see cref="DefaultModelDirectory"/>.</param>
    /// <param name="onWarning">Receives non-fatal problems such as a CUDA fallback; standard error when null.</param>
    public static ResNet18Model Load(InferenceOptions options, string? modelDirectory = null, Action<string>? onWarning = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = modelDirectory ?? DefaultModelDirectory;
        var network = Path.Combine(directory, NetworkFile);
        var preprocess = Path.Combine(directory, PreprocessFile);
        foreach (var file in new[] { network, preprocess })
        {
            if (!File.Exists(file))
            {
                throw new ModelLoadException(
                    $"The {ModelName} model file '{file}' is missing; it ships with the Microsoft.ML.DnnImageFeaturizer.ResNet18 package, which copies it beside the application.");
            }
        }

        var warn = onWarning ?? (message => Console.Error.WriteLine($"warning: {message}"));
        return new ResNet18Model(ResNet18ImageEncoder.Create(preprocess, network, options, warn));
    }

    public void Dispose() => _encoder.Dispose();
}
