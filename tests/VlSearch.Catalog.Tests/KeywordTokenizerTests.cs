using VlSearch.Catalog.Keywords;

namespace VlSearch.Catalog.Tests;

public sealed class KeywordTokenizerTests
{
    [Theory]
    [InlineData("IMG_2041_BeachTrip.jpg", "img 2041 beach trip jpg")]
    [InlineData("DSC0042.JPG", "dsc 0042 jpg")]
    [InlineData("2023-07-14 Paris", "2023 07 14 paris")]
    [InlineData("HTMLParser", "html parser")]
    [InlineData("myHTMLFile", "my html file")]
    [InlineData("iPhone 12 Pro", "i phone 12 pro")]
    [InlineData("Canon EOS 5D Mark IV", "canon eos 5 d mark iv")]
    [InlineData("Crème brûlée à Noël", "creme brulee a noel")]
    [InlineData("beach.trip-photo (1)", "beach trip photo 1")]
    [InlineData("ALLCAPS", "allcaps")]
    [InlineData("Ærøskøbing Straße", "aeroskobing strasse")]
    [InlineData("東京タワー", "東京タワー")]
    [InlineData("", "")]
    [InlineData("  _-.  ", "")]
    public void Tokenize_splits_on_separators_digits_and_camel_case(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', KeywordTokenizer.Tokenize(text)));
    }

    [Theory]
    [InlineData("IMG_2041_BeachTrip.jpg", "img 2041 beach trip jpg beachtrip")]
    [InlineData("DSC0042", "dsc 0042 dsc0042")]
    [InlineData("plain words", "plain words")]
    public void Index_text_adds_each_compound_word_whole_after_its_parts(string text, string expected)
    {
        Assert.Equal(expected, KeywordTokenizer.ToIndexText(text));
    }

    [Fact]
    public void Words_longer_than_the_limit_are_cut()
    {
        var word = Assert.Single(KeywordTokenizer.Tokenize(new string('a', 200)));
        Assert.Equal(KeywordTokenizer.MaxTokenLength, word.Length);
    }

    [Theory]
    [InlineData("beach", true)]
    [InlineData("2041", true)]
    [InlineData("Beach", false)]
    [InlineData("be ach", false)]
    [InlineData("a\"b", false)]
    [InlineData("", false)]
    public void Only_normalized_words_are_tokens(string word, bool expected)
    {
        Assert.Equal(expected, KeywordTokenizer.IsToken(word));
    }

    [Fact]
    public void A_query_with_a_word_that_is_not_a_token_is_refused()
    {
        var query = new KeywordQuery { Terms = ["beach\" OR \"x"] };
        Assert.Throws<ArgumentException>(query.Validate);
    }
}
