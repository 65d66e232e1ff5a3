using Microsoft.ML.OnnxRuntime;
using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Onnx;

/// <summary>
/// The text tower: token ids (int32 or int64, with or without an attention mask) in, one normalized embedding
/// out per text. Texts are always padded to the context length, so a text's vector does not depend on its batch.
/// </summary>
internal sealed class OnnxTextEncoder : ITextEncoder
{
    private readonly OnnxTower _tower;
    private readonly TextTokenizer _tokenizer;
    private readonly string _ids;
    private readonly string? _mask;
    private readonly string? _tokenTypes;
    private readonly string? _positions;
    private readonly string _output;
    private readonly int _batch;
    private readonly bool _fixedBatch;
    private readonly int _length;
    private readonly Func<int, List<PooledInput>>? _companionInputs;
    private readonly List<string> _companionNames;

    /// <inheritdoc />
    public ZeroShotPrompting Prompting { get; set; } = ZeroShotPrompting.None;

    public OnnxTextEncoder(OnnxTower tower, TextTokenizer tokenizer, int batchSize, int dimensionHint,
        IReadOnlyList<string>? companionNames = null, Func<int, List<PooledInput>>? companionInputs = null)
    {
        _tower = tower;
        _tokenizer = tokenizer;
        _companionNames = companionNames?.ToList() ?? [];
        _companionInputs = companionInputs;
        var own = tower.Inputs.Keys.Where(k => !_companionNames.Contains(k)).ToList();
        _mask = own.FirstOrDefault(n => n.Contains("attention_mask", StringComparison.OrdinalIgnoreCase))
            ?? own.FirstOrDefault(n => n.Contains("mask", StringComparison.OrdinalIgnoreCase));
        _tokenTypes = own.FirstOrDefault(n => n.Contains("token_type", StringComparison.OrdinalIgnoreCase));
        _positions = own.FirstOrDefault(n => n.Contains("position", StringComparison.OrdinalIgnoreCase));
        var candidates = own.Where(n => n != _mask && n != _tokenTypes && n != _positions).ToList();
        _ids = candidates.FirstOrDefault(n => n.Equals("input_ids", StringComparison.OrdinalIgnoreCase))
            ?? candidates.FirstOrDefault(n => n.Contains("ids", StringComparison.OrdinalIgnoreCase) || n.Contains("text", StringComparison.OrdinalIgnoreCase))
            ?? (candidates.Count == 1 ? candidates[0] : null)
            ?? throw new ModelLoadException($"{tower.Path} has no token id input (input_ids/text); inputs: {string.Join(", ", tower.Inputs.Keys)}.");
        var unknown = candidates.Where(n => n != _ids).ToList();
        if (unknown.Count > 0)
        {
            throw new ModelLoadException($"{tower.Path} has text inputs this loader cannot fill: {string.Join(", ", unknown)}.");
        }

        var dims = tower.Inputs[_ids].Dimensions;
        if (dims.Length != 2)
        {
            throw new ModelLoadException($"{tower.Path}: input {_ids} has shape [{string.Join(", ", dims)}]; expected [batch, sequence].");
        }

        if (dims[1] > 0 && dims[1] != tokenizer.ContextLength)
        {
            throw new ModelLoadException($"{tower.Path} takes {dims[1]} tokens per text but the tokenizer's context length is {tokenizer.ContextLength}.");
        }

        _length = tokenizer.ContextLength;
        _output = tower.ChooseOutput("text_embeds", "embeds", "embedding", "embeddings", "text_features", "sentence_embedding", "pooler_output");
        var fixedBatch = tower.FixedBatch(_ids);
        _fixedBatch = fixedBatch > 0;
        _batch = _fixedBatch ? fixedBatch : Math.Max(1, batchSize);
        Dimension = tower.FixedWidth(_output) is > 0 and var width ? width : dimensionHint > 0 ? dimensionHint : Probe();
    }

    public int Dimension { get; }

    /// <summary>The tokenizer feeding this tower.</summary>
    public TextTokenizer Tokenizer => _tokenizer;

    public float[][] Encode(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        using var activity = VlSearchActivity.Encoders.StartActivity("text encode");
        activity?.SetTag("texts", texts.Count);
        var result = new float[texts.Count][];
        var scratch = new float[_batch * Dimension];
        for (var start = 0; start < texts.Count; start += _batch)
        {
            var rows = Math.Min(_batch, texts.Count - start);
            var width = RunBatch(texts, start, rows, scratch);
            for (var row = 0; row < rows; row++)
            {
                result[start + row] = scratch.AsSpan(row * width, width).ToArray();
            }
        }

        return result;
    }

    private int RunBatch(IReadOnlyList<string> texts, int start, int rows, Span<float> destination)
    {
        var batch = _fixedBatch ? _batch : rows;
        var ids = new long[batch * _length];
        var mask = new long[batch * _length];
        for (var row = 0; row < rows; row++)
        {
            _tokenizer.EncodePadded(texts[start + row], ids.AsSpan(row * _length, _length), mask.AsSpan(row * _length, _length));
        }

        for (var row = rows; row < batch; row++)
        {
            // Filler rows of a fixed-batch graph: an empty text.
            _tokenizer.EncodePadded("", ids.AsSpan(row * _length, _length), mask.AsSpan(row * _length, _length));
        }

        long[] shape = [batch, _length];
        var inputs = new List<PooledInput> { _tower.CreateInput(_ids, ids, shape) };
        var names = new List<string> { _ids };
        try
        {
            if (_mask is not null)
            {
                inputs.Add(_tower.CreateInput(_mask, mask, shape));
                names.Add(_mask);
            }

            if (_tokenTypes is not null)
            {
                inputs.Add(_tower.CreateInput(_tokenTypes, new long[batch * _length], shape));
                names.Add(_tokenTypes);
            }

            if (_positions is not null)
            {
                var positions = new long[batch * _length];
                for (var i = 0; i < positions.Length; i++)
                {
                    positions[i] = i % _length;
                }

                inputs.Add(_tower.CreateInput(_positions, positions, shape));
                names.Add(_positions);
            }

            if (_companionInputs is not null)
            {
                inputs.AddRange(_companionInputs(1));
                names.AddRange(_companionNames);
            }

            return _tower.RunEmbedding(names, inputs.Select(i => i.Value).ToList(), _output, rows, destination);
        }
        finally
        {
            inputs.ForEach(i => i.Dispose());
        }
    }

    private int Probe()
    {
        var batch = _fixedBatch ? _batch : 1;
        return RunBatch(Enumerable.Repeat("", batch).ToArray(), 0, 1, new float[batch * 4096]);
    }
}
