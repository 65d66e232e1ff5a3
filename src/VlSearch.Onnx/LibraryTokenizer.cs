using Microsoft.ML.Tokenizers;

namespace VlSearch.Onnx;

/// <summary>A WordPiece or SentencePiece tokenizer of ML.Tokenizers that already adds its own special tokens.</summary>
internal sealed class LibraryTokenizer : TextTokenizer
{
    private readonly Tokenizer _tokenizer;
    private readonly Func<string, IReadOnlyList<int>> _encode;
    private readonly int? _endId;

    public LibraryTokenizer(Tokenizer tokenizer, Func<string, IReadOnlyList<int>> encode, int? endId, int contextLength, int? padId)
        : base(contextLength, padId ?? 0)
    {
        _tokenizer = tokenizer;
        _encode = encode;
        _endId = endId;
    }

    public Tokenizer Inner => _tokenizer;

    public override int? EndId => _endId;

    public override IReadOnlyList<int> EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _encode(text);
    }
}
