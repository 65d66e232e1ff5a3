using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using VlSearch.Core;

namespace VlSearch.Onnx.ResNet18;

/// <summary>
/// Runs the preprocessing graph then the network, one image at a time (both graphs fix the batch at 1), and appends
/// the input's <see cref="LayoutSignature"/> to the pooled features.
/// </summary>
internal sealed class ResNet18ImageEncoder : IImageEncoder, IDisposable
{
    private readonly InferenceSession _preprocess;
    private readonly InferenceSession _network;
    private readonly string[] _preprocessInput;
    private readonly string[] _preprocessOutput;
    private readonly string[] _networkInput;
    private readonly string[] _networkOutput;
    private readonly long[] _inputShape;
    private readonly int _inputLength;

    private static readonly float HalfWeight = MathF.Sqrt(0.5f);

    private ResNet18ImageEncoder(InferenceSession preprocess, InferenceSession network, ExecutionDevice device)
    {
        _preprocess = preprocess;
        _network = network;
        Device = device;
        _preprocessInput = [preprocess.InputMetadata.Keys.Single()];
        _preprocessOutput = [preprocess.OutputMetadata.Keys.Single()];
        _networkInput = [network.InputMetadata.Keys.Single()];
        _networkOutput = [network.OutputMetadata.Keys.Single()];

        var dimensions = preprocess.InputMetadata[_preprocessInput[0]].Dimensions;
        var spec = ResNet18Model.InputSpec;
        if (dimensions.Length != 4 || dimensions[1] != 3 || dimensions[2] != spec.CropHeight || dimensions[3] != spec.CropWidth)
        {
            throw new ModelLoadException(
                $"The {ResNet18Model.ModelName} preprocessing graph expects [{string.Join(",", dimensions)}], not [1,3,{spec.CropHeight},{spec.CropWidth}].");
        }

        var outputDimensions = network.OutputMetadata[_networkOutput[0]].Dimensions;
        var outputLength = outputDimensions.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (outputLength != ResNet18Model.FeatureLength)
        {
            throw new ModelLoadException(
                $"The {ResNet18Model.ModelName} network outputs [{string.Join(",", outputDimensions)}], not {ResNet18Model.FeatureLength} features.");
        }

        _inputShape = [1, 3, spec.CropHeight, spec.CropWidth];
        _inputLength = spec.TensorLength;
    }

    public int Dimension => ResNet18Model.VectorLength;

    public PreprocessSpec Preprocess => ResNet18Model.InputSpec;

    public ExecutionDevice Device { get; }

    public int ConcurrentCalls => Device == ExecutionDevice.Cuda ? 1 : InferenceOptions.ConcurrentImageCalls;

    public static ResNet18ImageEncoder Create(string preprocessPath, string networkPath, InferenceOptions options, Action<string> warn)
    {
        InferenceSession? preprocess = null;
        InferenceSession? network = null;
        try
        {
            var threads = options.EffectiveImageThreads;
            preprocess = SessionFactory.Create(preprocessPath, options, threads, warn, out var device);
            // Both graphs run on one device: once CUDA failed for the first, the second does not retry it.
            var networkOptions = device == options.Device ? options : new InferenceOptions { Device = ExecutionDevice.Cpu, AllowSpinning = options.AllowSpinning };
            network = SessionFactory.Create(networkPath, networkOptions, threads, _ => { }, out _);
            var encoder = new ResNet18ImageEncoder(preprocess, network, device);
            preprocess = null;
            network = null;
            return encoder;
        }
        finally
        {
            preprocess?.Dispose();
            network?.Dispose();
        }
    }

    public void Encode(ReadOnlySpan<float> pixels, int count, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (pixels.Length < (long)count * _inputLength)
        {
            throw new ArgumentException($"{count} images need {(long)count * _inputLength} floats, got {pixels.Length}.", nameof(pixels));
        }

        if (destination.Length < (long)count * Dimension)
        {
            throw new ArgumentException($"{count} vectors need {(long)count * Dimension} floats, got {destination.Length}.", nameof(destination));
        }

        if (count == 0)
        {
            return;
        }

        // One pinned buffer per call keeps Encode safe to call from several threads at once.
        var input = new float[_inputLength];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, _inputShape);
        using var runOptions = new RunOptions();
        for (var i = 0; i < count; i++)
        {
            pixels.Slice(i * _inputLength, _inputLength).CopyTo(input);
            using var preprocessed = _preprocess.Run(runOptions, _preprocessInput, [inputValue], _preprocessOutput);
            using var features = _network.Run(runOptions, _networkInput, [preprocessed[0]], _networkOutput);
            var vector = destination.Slice(i * Dimension, Dimension);
            var semantic = vector[..ResNet18Model.FeatureLength];
            var layout = vector[ResNet18Model.FeatureLength..];
            features[0].GetTensorDataAsSpan<float>()[..ResNet18Model.FeatureLength].CopyTo(semantic);
            LayoutSignature.Compute(input, ResNet18Model.InputSpec.CropWidth, ResNet18Model.InputSpec.CropHeight, layout);

            // Two unit halves of equal weight: the cosine of two vectors is the mean of the two halves' cosines.
            VectorMath.NormalizeInPlace(semantic);
            TensorPrimitives.Multiply(vector, HalfWeight, vector);
        }
    }

    public void Dispose()
    {
        _preprocess.Dispose();
        _network.Dispose();
    }
}
