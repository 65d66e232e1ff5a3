using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using VlSearch.Core;

namespace VlSearch.Onnx.Matching;

/// <summary>
/// BERT WordPiece over <c>vocab.txt</c> as BLIP tokenizes queries: lower case, punctuation split, <c>##</c>
/// continuations, <c>[UNK]</c> for what the vocabulary cannot spell, <c>[CLS] … [SEP]</c>, truncated to the
/// model's length, and the first token replaced by <c>[ENC]</c> when the config names one.
/// </summary>
internal sealed class MatcherTokenizer
{
    private readonly BertTokenizer _bert;

    private MatcherTokenizer(BertTokenizer bert, int maxLength, int padId, int? encTokenId, int vocabularySize)
    {
        _bert = bert;
        MaxLength = maxLength;
        PadId = padId;
        EncTokenId = encTokenId;
        VocabularySize = vocabularySize;
    }

    /// <summary>Ids per text at most, start and end tokens included.</summary>
    public int MaxLength { get; }

    public int PadId { get; }

    /// <summary>Replaces the first id when set (BLIP's retrieval code puts its [ENC] token there).</summary>
    public int? EncTokenId { get; }

    public int VocabularySize { get; }

    /// <summary>Reads <c>vocab.txt</c> (and <c>tokenizer_config.json</c> for the case rule) of <paramref name="folder"/>.</summary>
    /// <exception cref="ModelLoadException">The vocabulary is missing, lacks the special tokens, or disagrees with the config.</exception>
    public static MatcherTokenizer Load(string folder, MatcherConfig config)
    {
        var path = Path.Combine(folder, "vocab.txt");
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"Missing {path}: the matcher's WordPiece vocabulary.");
        }

        var tokens = File.ReadAllLines(path);
        var ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            ids.TryAdd(tokens[i], i);
        }

        foreach (var special in new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" })
        {
            if (!ids.ContainsKey(special))
            {
                throw new ModelLoadException($"{path} has no {special} token; a BERT WordPiece vocabulary starts with [PAD], [UNK], [CLS], [SEP] and [MASK].");
            }
        }

        if (config.VocabSize is { } size && tokens.Length > size)
        {
            throw new ModelLoadException($"{path} has {tokens.Length} tokens but config.json says text_config.vocab_size is {size}.");
        }

        if (config.EncTokenId is { } enc && enc >= tokens.Length)
        {
            throw new ModelLoadException($"config.json's enc_token_id {enc} is beyond the {tokens.Length} tokens of {path}.");
        }

        var lowerCase = ReadLowerCase(folder);
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            // Hugging Face's BasicTokenizer strips accents whenever it lower-cases.
            RemoveNonSpacingMarks = lowerCase,
            ApplyBasicTokenization = true,
            SplitOnSpecialTokens = true,
            UnknownToken = "[UNK]",
            ContinuingSubwordPrefix = "##",
        };
        try
        {
            var bert = BertTokenizer.Create(path, options);
            return new MatcherTokenizer(bert, config.MaxTextLength, ids["[PAD]"], config.EncTokenId, tokens.Length);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IOException)
        {
            throw new ModelLoadException($"{path} could not be read as a WordPiece vocabulary: {e.Message}", e);
        }
    }

    /// <summary>The ids of <paramref name="text"/>: start and end tokens, truncation and [ENC], no padding.</summary>
    public IReadOnlyList<int> EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = _bert.EncodeToIds(LatinAccents.Fold(text), addSpecialTokens: true).ToList();
        if (ids.Count > MaxLength)
        {
            // As Hugging Face truncates: the first tokens, then [SEP].
            ids.RemoveRange(MaxLength - 1, ids.Count - MaxLength);
            ids[^1] = _bert.SeparatorTokenId;
        }

        if (EncTokenId is { } enc)
        {
            ids[0] = enc;
        }

        return ids;
    }

    /// <summary>
    /// Writes the ids of <paramref name="text"/> padded with [PAD] to the length of <paramref name="ids"/> (at least the
    /// token count) and the attention mask (1 for tokens, 0 for padding). Returns the token count.
    /// </summary>
    public int Encode(string text, Span<long> ids, Span<long> attentionMask)
    {
        var tokens = EncodeToIds(text);
        if (ids.Length < tokens.Count || attentionMask.Length < ids.Length)
        {
            throw new ArgumentException($"The buffers hold {ids.Length} ids and {attentionMask.Length} mask values; the text has {tokens.Count} tokens.", nameof(ids));
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            ids[i] = tokens[i];
        }

        ids[tokens.Count..].Fill(PadId);
        attentionMask[..tokens.Count].Fill(1);
        attentionMask[tokens.Count..ids.Length].Fill(0);
        return tokens.Count;
    }

    private static bool ReadLowerCase(string folder)
    {
        var config = TokenizerFiles.ReadJson(Path.Combine(folder, "tokenizer_config.json"));
        return config?["do_lower_case"] is JsonValue value && value.TryGetValue<bool>(out var lower) ? lower : true;
    }
}
