namespace VlSearch.Onnx;

/// <summary>
/// Turns text into the fixed-length id sequences a text tower takes. <see cref="Load"/> picks the implementation
/// from the model's tokenizer files: CLIP byte-level BPE (<see cref="ClipTokenizer"/>), WordPiece, or SentencePiece.
/// </summary>
public abstract class TextTokenizer
{
    protected TextTokenizer(int contextLength, int padId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 2);
        ContextLength = contextLength;
        PadId = padId;
    }

    /// <summary>Ids per text after padding/truncation (77 for CLIP).</summary>
    public int ContextLength { get; }

    /// <summary>Id written after the end of a text.</summary>
    public int PadId { get; }

    /// <summary>The id that closes every text, kept when a long text is truncated; null when there is none.</summary>
    public abstract int? EndId { get; }

    /// <summary>Ids of <paramref name="text"/> including start/end tokens, without padding or truncation.</summary>
    public abstract IReadOnlyList<int> EncodeToIds(string text);

    /// <summary>
    /// Writes exactly <see cref="ContextLength"/> ids of <paramref name="text"/> into <paramref name="ids"/> and the
    /// matching attention mask (1 for tokens, 0 for padding) into <paramref name="attentionMask"/> (may be empty).
    /// A long text keeps its first <c>ContextLength - 1</c> ids and ends with <see cref="EndId"/>.
    /// </summary>
    /// <returns>The number of real (non-padding) ids.</returns>
    public int EncodePadded(string text, Span<long> ids, Span<long> attentionMask)
    {
        if (ids.Length < ContextLength)
        {
            throw new ArgumentException($"The id buffer must hold {ContextLength} ids.", nameof(ids));
        }

        var tokens = EncodeToIds(text);
        var count = Math.Min(tokens.Count, ContextLength);
        for (var i = 0; i < count; i++)
        {
            ids[i] = tokens[i];
        }

        if (tokens.Count > ContextLength && EndId is { } end)
        {
            ids[ContextLength - 1] = end;
        }

        ids[count..ContextLength].Fill(PadId);
        if (!attentionMask.IsEmpty)
        {
            attentionMask[..count].Fill(1);
            attentionMask[count..ContextLength].Fill(0);
        }

        return count;
    }

    /// <summary>Convenience form of <see cref="EncodePadded(string, Span{long}, Span{long})"/>.</summary>
    public long[] EncodePadded(string text)
    {
        var ids = new long[ContextLength];
        EncodePadded(text, ids, default);
        return ids;
    }

    /// <summary>
    /// Loads the tokenizer of the model in <paramref name="directory"/> (or its <c>textual/</c> folder):
    /// <c>tokenizer.json</c>, or <c>vocab.json</c> + <c>merges.txt</c> (+ <c>tokenizer_config.json</c>).
    /// </summary>
    /// <exception cref="VlSearch.Core.ModelLoadException">No tokenizer files, or an unsupported tokenizer type.</exception>
    public static TextTokenizer Load(string directory) => TokenizerFiles.Load(directory);
}
