using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Onnx.Tagging;

/// <summary>
/// A YOLO-style detector (Ultralytics v8/11 exports): a letterboxed 0–1 image [1, 3, H, W] in, one tensor of
/// candidates out, [1, 4 + C, N] or [1, N, 4 + C], each a box (cx, cy, w, h in input pixels) and C class scores; the
/// best class per candidate, a score threshold, then class-wise non-maximum suppression. Boxes are mapped back
/// through the letterbox to the original image.
/// </summary>
internal sealed class YoloObjectTagger : OnnxObjectTagger
{
    /// <summary>Ultralytics' export size when the graph leaves it dynamic.</summary>
    public const int DefaultInputSize = 640;

    private readonly string _input;
    private readonly string _output;
    private readonly int _height;
    private readonly int _width;

    public YoloObjectTagger(TaggerConfig config, OnnxTower tower, string input, string output, int height, int width)
        : base(config, tower, config.Labels)
    {
        _input = input;
        _output = output;
        _height = height;
        _width = width;
    }

    /// <inheritdoc />
    /// <remarks>The letterbox fits the long edge into the input, so a short edge as large as the input's larger side always suffices.</remarks>
    public override int MinimumDecodeEdge => Math.Max(_height, _width);

    protected override IReadOnlyList<DetectedObject> DetectOne(RgbImage image, float minScore)
    {
        var pixels = new float[3 * _width * _height];
        var box = DetectorPixels.LetterboxInto(image, _width, _height, pixels);
        using var input = Tower.CreateInput(_input, pixels, [1, 3, _height, _width]);
        var (values, shape) = Run([_input], [input.Value], [_output])[0];
        return Decode(values, shape, box, minScore);
    }

    /// <summary>Decodes one image's candidates; <paramref name="box"/> is where the image lies in the input.</summary>
    internal IReadOnlyList<DetectedObject> Decode(float[] values, long[] shape, DetectorPixels.Letterbox box, float minScore)
    {
        var rowWidth = 4 + Labels.Count;
        if (shape.Length != 3 || shape[0] != 1 || (shape[1] != rowWidth && shape[2] != rowWidth))
        {
            throw new InvalidOperationException(
                $"{Tower.Path} returned {_output} of shape [{string.Join(", ", shape)}]; with {Labels.Count} labels expected [1, {rowWidth}, N] or [1, N, {rowWidth}].");
        }

        // Ultralytics exports put the fields first ([1, 4 + C, N]); when both axes fit, that reading wins.
        var fieldsFirst = shape[1] == rowWidth;
        var candidates = (int)(fieldsFirst ? shape[2] : shape[1]);
        float At(int candidate, int field) => fieldsFirst ? values[(field * candidates) + candidate] : values[(candidate * rowWidth) + field];

        var found = new List<DetectedObject>();
        for (var n = 0; n < candidates; n++)
        {
            var best = 0;
            for (var c = 1; c < Labels.Count; c++)
            {
                best = At(n, 4 + c) > At(n, 4 + best) ? c : best;
            }

            var score = At(n, 4 + best);
            if (score < minScore || score <= 0)
            {
                continue;
            }

            var relative = DetectorDecoding.FromCenter(At(n, 0) - box.Left, At(n, 1) - box.Top, At(n, 2), At(n, 3), box.Width, box.Height);
            found.Add(new DetectedObject(Labels[best], Math.Min(score, 1f), relative, []));
        }

        return DetectorDecoding.SuppressOverlaps(found, Config.IouThreshold);
    }
}
