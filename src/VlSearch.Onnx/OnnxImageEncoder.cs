using Microsoft.ML.OnnxRuntime;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// The vision tower: pixels in NCHW float, one normalized embedding out per image. Graphs with a fixed batch size
/// (often 1) are run chunk by chunk.
/// </summary>
internal sealed class OnnxImageEncoder : IImageEncoder
{
    private readonly OnnxTower _tower;
    private readonly string _pixels;
    private readonly string _output;
    private readonly int _batch;
    private readonly bool _fixedBatch;
    private readonly Func<int, List<PooledInput>>? _companionInputs;
    private readonly List<string> _companionNames;

    /// <param name="tower">The graph.</param>
    /// <param name="spec">Pixel pipeline from the model's configuration.</param>
    /// <param name="batchSize">Images per run when the graph's batch is dynamic.</param>
    /// <param name="dimensionHint">Embedding width from the model config, used when the graph leaves it dynamic.</param>
    /// <param name="companionNames">Inputs of a combined graph that belong to the other tower.</param>
    /// <param name="companionInputs">Builds placeholder values for <paramref name="companionNames"/>.</param>
    public OnnxImageEncoder(OnnxTower tower, PreprocessSpec spec, int batchSize, int dimensionHint,
        IReadOnlyList<string>? companionNames = null, Func<int, List<PooledInput>>? companionInputs = null)
    {
        _tower = tower;
        Preprocess = spec;
        _companionNames = companionNames?.ToList() ?? [];
        _companionInputs = companionInputs;
        _pixels = tower.FindInput("pixel_values", "image", "images", "pixels", "input")
            ?? tower.Inputs.Where(i => i.Value.Dimensions.Length == 4).Select(i => i.Key).FirstOrDefault()
            ?? throw new ModelLoadException($"{tower.Path} has no image input (a 4-D pixel_values/image tensor).");
        var dims = tower.Inputs[_pixels].Dimensions;
        if (dims.Length != 4 || (dims[1] > 0 && dims[1] != 3))
        {
            throw new ModelLoadException($"{tower.Path}: input {_pixels} has shape [{string.Join(", ", dims)}]; expected [batch, 3, height, width].");
        }

        if ((dims[2] > 0 && dims[2] != spec.CropHeight) || (dims[3] > 0 && dims[3] != spec.CropWidth))
        {
            throw new ModelLoadException(
                $"{tower.Path} takes {dims[2]}x{dims[3]} images but the preprocessing config produces {spec.CropHeight}x{spec.CropWidth}.");
        }

        _output = tower.ChooseOutput("image_embeds", "embeds", "embedding", "embeddings", "image_features", "pooler_output");
        var fixedBatch = tower.FixedBatch(_pixels);
        _fixedBatch = fixedBatch > 0;
        _batch = _fixedBatch ? fixedBatch : Math.Max(1, batchSize);
        Dimension = tower.FixedWidth(_output) is > 0 and var width ? width : dimensionHint > 0 ? dimensionHint : Probe();
    }

    public int Dimension { get; }

    public PreprocessSpec Preprocess { get; }

    public int ConcurrentCalls => _tower.Device == ExecutionDevice.Cuda ? 1 : InferenceOptions.ConcurrentImageCalls;

    public void Encode(ReadOnlySpan<float> pixels, int count, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var imageLength = Preprocess.TensorLength;
        if (pixels.Length < count * imageLength)
        {
            throw new ArgumentException($"{count} images need {count * imageLength} floats, got {pixels.Length}.", nameof(pixels));
        }

        if (destination.Length < count * Dimension)
        {
            throw new ArgumentException($"{count} vectors need {count * Dimension} floats, got {destination.Length}.", nameof(destination));
        }

        using var activity = VlSearchActivity.Encoders.StartActivity("image encode");
        activity?.SetTag("images", count);
        activity?.SetTag("device", _tower.Device.ToString().ToLowerInvariant());
        for (var start = 0; start < count; start += _batch)
        {
            var rows = Math.Min(_batch, count - start);
            var batch = _fixedBatch ? _batch : rows;
            RunBatch(pixels.Slice(start * imageLength, rows * imageLength), batch, rows, destination.Slice(start * Dimension, rows * Dimension));
        }
    }

    private int RunBatch(ReadOnlySpan<float> pixels, int batch, int rows, Span<float> destination)
    {
        long[] shape = [batch, 3, Preprocess.CropHeight, Preprocess.CropWidth];
        using var input = _tower.CreateInput(_pixels, pixels, shape);
        var companions = _companionInputs?.Invoke(1) ?? [];
        try
        {
            var names = new List<string>(_companionNames.Count + 1) { _pixels };
            names.AddRange(_companionNames);
            var values = new List<OrtValue>(names.Count) { input.Value };
            values.AddRange(companions.Select(c => c.Value));
            return _tower.RunEmbedding(names, values, _output, rows, destination);
        }
        finally
        {
            companions.ForEach(c => c.Dispose());
        }
    }

    private int Probe()
    {
        // The output width is dynamic in the metadata; one black image tells it.
        var batch = _fixedBatch ? _batch : 1;
        var scratch = new float[4096];
        return RunBatch(new float[Preprocess.TensorLength * batch], batch, 1, scratch);
    }
}
