using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Onnx.Tagging;

/// <summary>
/// An open-vocabulary detector in the OWL-ViT / OWLv2 export layout: input_ids and attention_mask [L, T] (one row per
/// label text, CLIP-tokenised) and pixel_values [1, 3, H, W] in, logits [1, Q, L] and pred_boxes [1, Q, 4]
/// (normalised cx, cy, w, h) out; scores are sigmoids, each query names its best label. OWLv2 pads the image to a
/// square (bottom and right) before resizing, so its boxes are mapped back from the padded square.
/// </summary>
internal sealed class OwlObjectTagger : OnnxObjectTagger
{
    public const string IdsInput = "input_ids";
    public const string MaskInput = "attention_mask";
    public const string PixelsInput = "pixel_values";
    public const string LogitsOutput = "logits";
    public const string BoxesOutput = "pred_boxes";

    /// <summary>Grey OWLv2 pads with (0.5 of full scale).</summary>
    private const float SquareFill = 127.5f;

    private readonly DetectorPreprocess _preprocess;
    private readonly long[] _ids;
    private readonly long[] _mask;
    private readonly int _length;
    private readonly bool _hasMask;

    public OwlObjectTagger(TaggerConfig config, OnnxTower tower, DetectorPreprocess preprocess, IReadOnlyList<string> labels, IReadOnlyList<string> prompts, TextTokenizer tokenizer)
        : base(config, tower, labels)
    {
        _preprocess = preprocess;
        _length = tokenizer.ContextLength;
        _ids = new long[prompts.Count * _length];
        _mask = new long[prompts.Count * _length];
        for (var i = 0; i < prompts.Count; i++)
        {
            tokenizer.EncodePadded(prompts[i], _ids.AsSpan(i * _length, _length), _mask.AsSpan(i * _length, _length));
        }

        _hasMask = tower.Inputs.ContainsKey(MaskInput);
    }

    /// <inheritdoc />
    public override int MinimumDecodeEdge => _preprocess.MinimumDecodeEdge;

    protected override IReadOnlyList<DetectedObject> DetectOne(RgbImage image, float minScore)
    {
        var (width, height) = _preprocess.SizeFor(image.Width, image.Height);
        var pixels = new float[3 * width * height];
        float extentX = 1f, extentY = 1f;
        if (Config.PadToSquare)
        {
            var side = Math.Max(image.Width, image.Height);
            var innerWidth = Math.Max(1, (int)Math.Round((double)width * image.Width / side));
            var innerHeight = Math.Max(1, (int)Math.Round((double)height * image.Height / side));
            DetectorPixels.Draw(image, width, height, 0, 0, innerWidth, innerHeight, _preprocess.Rescale, _preprocess.Mean, _preprocess.Std, SquareFill, pixels);
            extentX = (float)innerWidth / width;
            extentY = (float)innerHeight / height;
        }
        else
        {
            DetectorPixels.Resize(image, width, height, _preprocess.Rescale, _preprocess.Mean, _preprocess.Std, pixels);
        }

        var texts = Labels.Count;
        using var ids = Tower.CreateInput(IdsInput, _ids, [texts, _length]);
        using var pixelInput = Tower.CreateInput(PixelsInput, pixels, [1, 3, height, width]);
        (float[] Values, long[] Shape)[] outputs;
        if (_hasMask)
        {
            using var mask = Tower.CreateInput(MaskInput, _mask, [texts, _length]);
            outputs = Run([IdsInput, MaskInput, PixelsInput], [ids.Value, mask.Value, pixelInput.Value], [LogitsOutput, BoxesOutput]);
        }
        else
        {
            outputs = Run([IdsInput, PixelsInput], [ids.Value, pixelInput.Value], [LogitsOutput, BoxesOutput]);
        }

        return Decode(outputs[0].Values, outputs[0].Shape, outputs[1].Values, outputs[1].Shape, extentX, extentY, minScore);
    }

    private IReadOnlyList<DetectedObject> Decode(float[] logits, long[] logitShape, float[] boxes, long[] boxShape, float extentX, float extentY, float minScore)
    {
        var texts = Labels.Count;
        ExpectShape(LogitsOutput, logitShape, 0, texts);
        var queries = (int)logitShape[1];
        ExpectShape(BoxesOutput, boxShape, queries, 4);
        var found = new List<DetectedObject>();
        for (var q = 0; q < queries; q++)
        {
            var row = logits.AsSpan(q * texts, texts);
            var best = 0;
            for (var l = 1; l < texts; l++)
            {
                best = row[l] > row[best] ? l : best;
            }

            var score = DetectorDecoding.Sigmoid(row[best]);
            if (score < minScore)
            {
                continue;
            }

            var b = boxes.AsSpan(q * 4, 4);
            found.Add(new DetectedObject(Labels[best], score, DetectorDecoding.FromCenter(b[0], b[1], b[2], b[3], extentX, extentY), []));
        }

        return DetectorDecoding.SuppressOverlaps(found, Config.IouThreshold);
    }
}
