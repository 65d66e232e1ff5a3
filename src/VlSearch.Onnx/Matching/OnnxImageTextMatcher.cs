using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VlSearch.Core;
using VlSearch.Core.Matching;

namespace VlSearch.Onnx.Matching;

/// <summary>
/// An image–text matcher in the split BLIP-ITM layout: <c>onnx/vision_model.onnx</c> turns pixels into image
/// feature tokens once per photo, <c>onnx/text_matcher.onnx</c> lets a query's tokens cross-attend to them and gives
/// ITM logits (0 = no match, 1 = match). One session per graph lives as long as the matcher.
/// </summary>
public sealed class OnnxImageTextMatcher : IImageTextMatcher
{
    /// <summary>Pairs per text-matcher run: bounds the activations (pairs × tokens × feature tokens) of one call.</summary>
    public const int PairsPerRun = 64;

    internal const string PixelsInput = "pixel_values";
    internal const string EmbedsName = "image_embeds";
    internal const string IdsInput = "input_ids";
    internal const string MaskInput = "attention_mask";
    internal const string ImageMaskInput = "image_attention_mask";
    internal const string LogitsOutput = "itm_logits";

    private readonly OnnxTower _vision;
    private readonly OnnxTower _text;
    private readonly int _imagesPerRun;
    private readonly int _visionFixedBatch;
    private readonly int _textFixedBatch;
    private readonly int _fixedSequence;
    private bool _disposed;

    internal OnnxImageTextMatcher(string id, string folder, OnnxTower vision, OnnxTower text, MatcherTokenizer tokenizer,
        PreprocessSpec preprocess, int featureTokens, int featureWidth, int imagesPerRun)
    {
        Id = id;
        Folder = folder;
        _vision = vision;
        _text = text;
        Tokenizer = tokenizer;
        Preprocess = preprocess;
        FeatureTokens = featureTokens;
        FeatureWidth = featureWidth;
        _visionFixedBatch = vision.FixedBatch(PixelsInput);
        _imagesPerRun = _visionFixedBatch > 0 ? _visionFixedBatch : Math.Max(1, imagesPerRun);
        _textFixedBatch = text.FixedBatch(IdsInput);
        var sequence = text.Inputs[IdsInput].Dimensions;
        _fixedSequence = sequence.Length == 2 && sequence[1] > 0 ? sequence[1] : 0;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <summary>The folder the model was loaded from.</summary>
    public string Folder { get; }

    /// <inheritdoc />
    public PreprocessSpec Preprocess { get; }

    /// <inheritdoc />
    public int FeatureTokens { get; }

    /// <inheritdoc />
    public int FeatureWidth { get; }

    /// <inheritdoc />
    public int FeatureLength => FeatureTokens * FeatureWidth;

    /// <inheritdoc />
    public ExecutionDevice Device => _text.Device == ExecutionDevice.Cuda && _vision.Device == ExecutionDevice.Cuda ? ExecutionDevice.Cuda : ExecutionDevice.Cpu;

    /// <summary>Ids per text at most (max_text_length of the config).</summary>
    public int MaxTextLength => Tokenizer.MaxLength;

    internal MatcherTokenizer Tokenizer { get; }

    /// <inheritdoc />
    public void ExtractFeatures(ReadOnlySpan<float> pixels, int count, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var imageLength = Preprocess.TensorLength;
        var featureLength = FeatureTokens * FeatureWidth;
        if (pixels.Length < count * imageLength)
        {
            throw new ArgumentException($"{count} images need {count * imageLength} floats, got {pixels.Length}.", nameof(pixels));
        }

        if (destination.Length < count * featureLength)
        {
            throw new ArgumentException($"{count} images' features need {count * featureLength} floats, got {destination.Length}.", nameof(destination));
        }

        using var activity = VlSearchActivity.Encoders.StartActivity("matcher features");
        activity?.SetTag("images", count);
        for (var start = 0; start < count; start += _imagesPerRun)
        {
            var rows = Math.Min(_imagesPerRun, count - start);
            var batch = _visionFixedBatch > 0 ? _visionFixedBatch : rows;
            using var input = _vision.CreateInput(PixelsInput, pixels.Slice(start * imageLength, rows * imageLength),
                [batch, 3, Preprocess.CropHeight, Preprocess.CropWidth]);
            using var runOptions = new RunOptions();
            using var results = _vision.Session.Run(runOptions, [PixelsInput], [input.Value], [EmbedsName]);
            CopyFeatures(results[0], rows, destination.Slice(start * featureLength, rows * featureLength));
        }
    }

    /// <inheritdoc />
    public void Match(string text, ReadOnlySpan<float> features, int count, Span<float> probabilities)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var featureLength = FeatureTokens * FeatureWidth;
        if (features.Length < count * featureLength)
        {
            throw new ArgumentException($"{count} images need {count * featureLength} feature floats, got {features.Length}.", nameof(features));
        }

        if (probabilities.Length < count)
        {
            throw new ArgumentException($"{count} probabilities do not fit in {probabilities.Length}.", nameof(probabilities));
        }

        if (count == 0)
        {
            return;
        }

        // Padding beyond the text is masked out, so a dynamic sequence axis runs only the real tokens: the
        // first token's output is the same as with BLIP's padding to max_text_length, at a fraction of the cost.
        var length = _fixedSequence > 0 ? _fixedSequence : Tokenizer.EncodeToIds(text).Count;
        var ids = new long[length];
        var mask = new long[length];
        Tokenizer.Encode(text, ids, mask);

        using var activity = VlSearchActivity.Encoders.StartActivity("matcher match");
        activity?.SetTag("pairs", count);
        var perRun = _textFixedBatch > 0 ? _textFixedBatch : PairsPerRun;
        var repeatedIds = new long[perRun * length];
        var repeatedMask = new long[perRun * length];
        for (var row = 0; row < perRun; row++)
        {
            ids.CopyTo(repeatedIds.AsSpan(row * length));
            mask.CopyTo(repeatedMask.AsSpan(row * length));
        }

        var imageMask = new long[perRun * FeatureTokens];
        Array.Fill(imageMask, 1L);
        for (var start = 0; start < count; start += perRun)
        {
            var rows = Math.Min(perRun, count - start);
            var batch = _textFixedBatch > 0 ? _textFixedBatch : rows;
            using var idsInput = _text.CreateInput(IdsInput, repeatedIds.AsSpan(0, batch * length), [batch, length]);
            using var maskInput = _text.CreateInput(MaskInput, repeatedMask.AsSpan(0, batch * length), [batch, length]);
            using var embedsInput = _text.CreateInput(EmbedsName, features.Slice(start * featureLength, rows * featureLength), [batch, FeatureTokens, FeatureWidth]);
            using var imageMaskInput = _text.CreateInput(ImageMaskInput, imageMask.AsSpan(0, batch * FeatureTokens), [batch, FeatureTokens]);
            using var runOptions = new RunOptions();
            using var results = _text.Session.Run(runOptions, [IdsInput, MaskInput, EmbedsName, ImageMaskInput],
                [idsInput.Value, maskInput.Value, embedsInput.Value, imageMaskInput.Value], [LogitsOutput]);
            WriteProbabilities(results[0], rows, probabilities.Slice(start, rows));
        }
    }

    /// <summary>softmax(logits)[1] of two logits, without overflow for any finite pair.</summary>
    public static float MatchProbability(float noMatch, float match)
    {
        // softmax over two classes is the logistic of their difference; exp of a non-positive number never overflows.
        var difference = (double)match - noMatch;
        if (double.IsNaN(difference))
        {
            return float.NaN;
        }

        return difference >= 0
            ? (float)(1 / (1 + Math.Exp(-difference)))
            : (float)(Math.Exp(difference) / (1 + Math.Exp(difference)));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _vision.Dispose();
        _text.Dispose();
    }

    private void CopyFeatures(OrtValue value, int rows, Span<float> destination)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        if (shape.Length != 3 || shape[0] < rows || shape[1] != FeatureTokens || shape[2] != FeatureWidth)
        {
            throw new InvalidOperationException(
                $"{_vision.Path} returned {EmbedsName} of shape [{string.Join(", ", shape)}]; expected [{rows}, {FeatureTokens}, {FeatureWidth}].");
        }

        var length = rows * FeatureTokens * FeatureWidth;
        if (info.ElementDataType == TensorElementType.Float16)
        {
            var halves = value.GetTensorDataAsSpan<Float16>();
            for (var i = 0; i < length; i++)
            {
                destination[i] = halves[i].ToFloat();
            }
        }
        else
        {
            value.GetTensorDataAsSpan<float>()[..length].CopyTo(destination);
        }
    }

    private void WriteProbabilities(OrtValue value, int rows, Span<float> destination)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        if (shape.Length != 2 || shape[0] < rows || shape[1] != 2)
        {
            throw new InvalidOperationException($"{_text.Path} returned {LogitsOutput} of shape [{string.Join(", ", shape)}]; expected [{rows}, 2].");
        }

        if (info.ElementDataType == TensorElementType.Float16)
        {
            var halves = value.GetTensorDataAsSpan<Float16>();
            for (var row = 0; row < rows; row++)
            {
                destination[row] = MatchProbability(halves[2 * row].ToFloat(), halves[(2 * row) + 1].ToFloat());
            }
        }
        else
        {
            var logits = value.GetTensorDataAsSpan<float>();
            for (var row = 0; row < rows; row++)
            {
                destination[row] = MatchProbability(logits[2 * row], logits[(2 * row) + 1]);
            }
        }
    }
}
