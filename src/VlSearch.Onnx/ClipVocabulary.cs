namespace VlSearch.Onnx;

/// <summary>
/// Byte-level BPE vocabulary conventions of CLIP: the GPT-2 byte-to-unicode alphabet, the <c>&lt;/w&gt;</c>
/// end-of-word suffix and the two special tokens.
/// </summary>
public static class ClipVocabulary
{
    /// <summary>The start-of-text special token.</summary>
    public const string StartOfText = "<|startoftext|>";

    /// <summary>The end-of-text special token (also padding in Hugging Face exports).</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>Suffix marking the last symbol of a word.</summary>
    public const string EndOfWordSuffix = "</w>";

    private static readonly char[] ByteToChar = CreateByteToChar();

    // CLIP numbers the byte symbols printable ones first ('!' is id 0), then the shifted ones.
    private static readonly char[] SymbolOrder = [.. ByteToChar.Where(c => c < 256).Concat(ByteToChar.Where(c => c >= 256))];

    /// <summary>The printable character standing for each byte value (index = byte).</summary>
    public static IReadOnlyList<char> ByteAlphabet => ByteToChar;

    /// <summary>Maps the UTF-8 bytes of <paramref name="text"/> to the byte alphabet.</summary>
    public static string EncodeBytes(ReadOnlySpan<char> text)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text)];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToChar[bytes[i]];
        }

        return new string(chars);
    }

    /// <summary>
    /// Builds a vocabulary in CLIP's order: the 256 byte symbols (printable bytes first), the same with <c>&lt;/w&gt;</c>, one token per
    /// merge (its concatenation), then the start and end tokens.
    /// </summary>
    /// <param name="merges">Merges in priority order, each "left right"; both sides must already be tokens.</param>
    public static Dictionary<string, int> Build(IEnumerable<string> merges)
    {
        ArgumentNullException.ThrowIfNull(merges);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in SymbolOrder)
        {
            vocabulary[c.ToString()] = vocabulary.Count;
        }

        foreach (var c in SymbolOrder)
        {
            vocabulary[c + EndOfWordSuffix] = vocabulary.Count;
        }

        foreach (var merge in merges)
        {
            var parts = merge.Split(' ');
            if (parts.Length != 2 || !vocabulary.ContainsKey(parts[0]) || !vocabulary.ContainsKey(parts[1]))
            {
                throw new ArgumentException($"Merge '{merge}' must join two existing tokens.", nameof(merges));
            }

            vocabulary.TryAdd(parts[0] + parts[1], vocabulary.Count);
        }

        vocabulary[StartOfText] = vocabulary.Count;
        vocabulary[EndOfText] = vocabulary.Count;
        return vocabulary;
    }

    private static char[] CreateByteToChar()
    {
        // Printable Latin-1 bytes stand for themselves; the rest (controls, space, 0x7F-0xA0, 0xAD) are shifted
        // past 255 so that every byte has a visible, non-whitespace symbol.
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }
}
