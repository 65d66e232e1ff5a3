using System.Buffers;
using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Onnx.Tagging;

/// <summary>
/// A DETR-style detector (the transformers.js exports): pixel_values [1, 3, H, W] (and pixel_mask) in, logits
/// [1, Q, C+1] and pred_boxes [1, Q, 4] (normalised cx, cy, w, h) out; class scores are a softmax whose last class
/// is "no object". An optional attribute_logits [1, Q, A] gives each query's attributes (sigmoid per attribute).
/// Images run one at a time, so each keeps its own aspect ratio and needs no padding.
/// </summary>
internal sealed class DetrObjectTagger : OnnxObjectTagger
{
    public const string PixelsInput = "pixel_values";
    public const string MaskInput = "pixel_mask";
    public const string LogitsOutput = "logits";
    public const string BoxesOutput = "pred_boxes";
    public const string AttributesOutput = "attribute_logits";

    private readonly DetectorPreprocess _preprocess;
    private readonly bool _hasMask;
    private readonly string[] _outputs;

    public DetrObjectTagger(TaggerConfig config, OnnxTower tower, DetectorPreprocess preprocess)
        : base(config, tower, config.Labels)
    {
        _preprocess = preprocess;
        _hasMask = tower.Inputs.ContainsKey(MaskInput);
        _outputs = config.Attributes.Count > 0 ? [LogitsOutput, BoxesOutput, AttributesOutput] : [LogitsOutput, BoxesOutput];
    }

    /// <inheritdoc />
    public override int MinimumDecodeEdge => _preprocess.MinimumDecodeEdge;

    /// <summary>Attribute labels by index (empty when the detector names none).</summary>
    public IReadOnlyList<string> AttributeLabels => Config.Attributes;

    protected override IReadOnlyList<DetectedObject> DetectOne(RgbImage image, float minScore)
    {
        var (width, height) = _preprocess.SizeFor(image.Width, image.Height);
        // A pooled buffer: each photo's pixels are over the large-object size, and a run tags thousands of photos.
        var length = 3 * width * height;
        var pixels = ArrayPool<float>.Shared.Rent(length);
        PooledInput pixelInput;
        try
        {
            DetectorPixels.Resize(image, width, height, _preprocess.Rescale, _preprocess.Mean, _preprocess.Std, pixels.AsSpan(0, length));
            pixelInput = Tower.CreateInput(PixelsInput, pixels.AsSpan(0, length), [1, 3, height, width]);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
        }

        using var pixelsOwner = pixelInput;
        (float[] Values, long[] Shape)[] outputs;
        if (_hasMask)
        {
            var mask = new long[width * height];
            Array.Fill(mask, 1L);
            using var maskInput = Tower.CreateInput(MaskInput, mask, [1, height, width]);
            outputs = Run([PixelsInput, MaskInput], [pixelsOwner.Value, maskInput.Value], _outputs);
        }
        else
        {
            outputs = Run([PixelsInput], [pixelsOwner.Value], _outputs);
        }

        return Decode(outputs[0].Values, outputs[0].Shape, outputs[1].Values, outputs[1].Shape, outputs.Length > 2 ? outputs[2] : null, minScore);
    }

    private IReadOnlyList<DetectedObject> Decode(float[] logits, long[] logitShape, float[] boxes, long[] boxShape, (float[] Values, long[] Shape)? attributes, float minScore)
    {
        var classes = Labels.Count;
        ExpectShape(LogitsOutput, logitShape, 0, classes + 1);
        var queries = (int)logitShape[1];
        ExpectShape(BoxesOutput, boxShape, queries, 4);
        if (attributes is { } a)
        {
            ExpectShape(AttributesOutput, a.Shape, queries, AttributeLabels.Count);
        }

        var found = new List<DetectedObject>();
        var probabilities = new float[classes + 1];
        for (var q = 0; q < queries; q++)
        {
            DetectorDecoding.Softmax(logits.AsSpan(q * (classes + 1), classes + 1), probabilities);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                best = probabilities[c] > probabilities[best] ? c : best;
            }

            if (probabilities[best] < minScore)
            {
                continue;
            }

            var b = boxes.AsSpan(q * 4, 4);
            found.Add(new DetectedObject(Labels[best], probabilities[best], DetectorDecoding.FromCenter(b[0], b[1], b[2], b[3]),
                Attributes(attributes?.Values, q, AttributeLabels, Config.AttributeThreshold)));
        }

        return Config.SuppressOverlaps
            ? DetectorDecoding.SuppressOverlaps(found, Config.IouThreshold)
            : [.. found.OrderByDescending(o => o.Score)];
    }
}
