using VlSearch.Onnx.Matching;

namespace VlSearch.Onnx.Tests.Matching;

public sealed class MatcherTokenizerTests
{
    private static MatcherTokenizer Load(TempDirectory temp)
    {
        HandItm.Write(temp.Dir);
        return MatcherTokenizer.Load(temp.Dir, MatcherConfig.Read(temp.Dir));
    }

    private static int[] Ids(params string[] tokens) => [.. tokens.Select(HandItm.Id)];

    [Fact]
    public void The_first_token_is_replaced_by_enc_and_the_text_ends_with_sep()
    {
        using var temp = new TempDirectory();
        var tokenizer = Load(temp);

        Assert.Equal(Ids("[ENC]", "a", "red", "circle", "[SEP]"), tokenizer.EncodeToIds("A RED circle"));
    }

    [Fact]
    public void Without_an_enc_token_the_text_starts_with_cls()
    {
        using var temp = new TempDirectory();
        HandItm.Write(temp.Dir, encTokenId: null);
        var tokenizer = MatcherTokenizer.Load(temp.Dir, MatcherConfig.Read(temp.Dir));

        Assert.Equal(Ids("[CLS]", "blue", "square", "[SEP]"), tokenizer.EncodeToIds("blue square"));
    }

    [Fact]
    public void Punctuation_is_split_off_and_words_continue_with_word_pieces()
    {
        using var temp = new TempDirectory();
        var tokenizer = Load(temp);

        Assert.Equal(Ids("[ENC]", "un", "##believ", "##able", "!", "[SEP]"), tokenizer.EncodeToIds("Unbelievable!"));
        Assert.Equal(Ids("[ENC]", "circle", "##s", ",", "blue", "!", "[SEP]"), tokenizer.EncodeToIds("circles,blue!"));
    }

    [Fact]
    public void Words_the_vocabulary_cannot_spell_become_unk()
    {
        using var temp = new TempDirectory();
        var tokenizer = Load(temp);

        Assert.Equal(Ids("[ENC]", "a", "[UNK]", "photo", "[SEP]"), tokenizer.EncodeToIds("a zebra photo"));
    }

    [Fact]
    public void A_long_text_keeps_its_first_tokens_and_ends_with_sep()
    {
        using var temp = new TempDirectory();
        var tokenizer = Load(temp);

        var ids = tokenizer.EncodeToIds("a red circle left of a blue square .");

        Assert.Equal(HandItm.MaxTextLength, ids.Count);
        Assert.Equal(Ids("[ENC]", "a", "red", "circle", "left", "of", "a", "[SEP]"), ids);
    }

    [Fact]
    public void Padding_fills_pad_ids_with_a_zero_mask()
    {
        using var temp = new TempDirectory();
        var tokenizer = Load(temp);
        var ids = new long[HandItm.MaxTextLength];
        var mask = new long[HandItm.MaxTextLength];

        var count = tokenizer.Encode("red square", ids, mask);

        Assert.Equal(4, count);
        Assert.Equal(Ids("[ENC]", "red", "square", "[SEP]", "[PAD]", "[PAD]", "[PAD]", "[PAD]").Select(i => (long)i), ids);
        Assert.Equal([1L, 1, 1, 1, 0, 0, 0, 0], mask);
    }
}
