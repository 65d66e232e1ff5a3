using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Onnx.Tagging;

/// <summary>
/// What every ONNX detector shares: one session over <c>onnx/model.onnx</c>, its id and labels, and reading float
/// outputs. The layouts differ only in how pixels go in and how the outputs are decoded.
/// </summary>
internal abstract class OnnxObjectTagger : IObjectTagger
{
    private bool _disposed;

    protected OnnxObjectTagger(TaggerConfig config, OnnxTower tower, IReadOnlyList<string> labels)
    {
        Config = config;
        Tower = tower;
        Labels = labels;
    }

    /// <inheritdoc />
    public string Id => Config.Id;

    /// <inheritdoc />
    public ExecutionDevice Device => Tower.Device;

    /// <inheritdoc />
    public IReadOnlyList<string> Labels { get; }

    /// <inheritdoc />
    public abstract int MinimumDecodeEdge { get; }

    internal TaggerConfig Config { get; }

    internal OnnxTower Tower { get; }

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyList<DetectedObject>> Detect(IReadOnlyList<RgbImage> images, float minScore)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(images);
        var results = new IReadOnlyList<DetectedObject>[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(images[i]);
            images[i].Validate();
            results[i] = DetectOne(images[i], minScore);
        }

        return results;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Tower.Dispose();
    }

    /// <summary>Objects in one image scoring at least <paramref name="minScore"/>.</summary>
    protected abstract IReadOnlyList<DetectedObject> DetectOne(RgbImage image, float minScore);

    /// <summary>Runs the graph on the given inputs and returns the named outputs as floats with their shapes.</summary>
    protected (float[] Values, long[] Shape)[] Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputs)
    {
        using var runOptions = new RunOptions();
        using var results = Tower.Session.Run(runOptions, inputNames, inputs, outputs);
        var read = new (float[], long[])[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            var info = results[i].GetTensorTypeAndShape();
            var values = info.ElementDataType == TensorElementType.Float16
                ? [.. results[i].GetTensorDataAsSpan<Float16>().ToArray().Select(h => h.ToFloat())]
                : results[i].GetTensorDataAsSpan<float>().ToArray();
            read[i] = (values, info.Shape);
        }

        return read;
    }

    /// <summary>Throws when an output's shape is not [1, <paramref name="rows"/>?, <paramref name="width"/>?] (0: any).</summary>
    protected void ExpectShape(string output, long[] shape, long rows, long width)
    {
        if (shape.Length != 3 || shape[0] != 1 || (rows > 0 && shape[1] != rows) || (width > 0 && shape[2] != width))
        {
            throw new InvalidOperationException(
                $"{Tower.Path} returned {output} of shape [{string.Join(", ", shape)}]; expected [1, {(rows > 0 ? rows : "queries")}, {(width > 0 ? width : "width")}].");
        }
    }

    /// <summary>The attributes of row <paramref name="row"/> scoring at least <paramref name="threshold"/>, best first.</summary>
    protected static IReadOnlyList<LabelScore> Attributes(float[]? logits, int row, IReadOnlyList<string> labels, float threshold)
    {
        if (logits is null || labels.Count == 0)
        {
            return [];
        }

        var found = new List<LabelScore>();
        for (var a = 0; a < labels.Count; a++)
        {
            var score = DetectorDecoding.Sigmoid(logits[(row * labels.Count) + a]);
            if (score >= threshold)
            {
                found.Add(new LabelScore(labels[a], score));
            }
        }

        found.Sort((x, y) => y.Score.CompareTo(x.Score));
        return found;
    }
}
