using VlSearch.Search.Querying;

namespace VlSearch.Search.Tests;

/// <summary>Free text, phrases, signs, weights and like: terms, one row per element and edge case.</summary>
public sealed class QueryParserTermTests
{
    public static TheoryData<string, string> Terms() => new()
    {
        // Free text: one vector term of all the words, single-spaced, and the same words for the keyword side.
        { "beach", "vector: beach ×1 · keywords: beach" },
        { "  two kids  on a   beach ", "vector: \"two kids on a beach\" ×1 · keywords: two, kids, on, a, beach" },
        { "Beach beach BEACH", "vector: \"Beach beach BEACH\" ×1 · keywords: Beach" },
        { "😀 🏖️ café 東京", "vector: \"😀 🏖️ café 東京\" ×1 · keywords: 😀, 🏖️, café, 東京" },
        { "sunset\u00A0beach", "vector: \"sunset beach\" ×1 · keywords: sunset, beach" },

        // Quoted phrases: required as keywords, and part of the free text in their place.
        { "\"red car\" beach", "vector: \"red car beach\" ×1 · keywords: red, car, beach · phrases: \"red car\"" },
        { "beach \"red   car\"", "vector: \"beach red car\" ×1 · keywords: beach, red, car · phrases: \"red car\"" },
        { "\u201Csmart quotes\u201D dog", "vector: \"smart quotes dog\" ×1 · keywords: smart, quotes, dog · phrases: \"smart quotes\"" },
        { "\"colour: red\"", "vector: \"colour: red\" ×1 · keywords: colour:, red · phrases: \"colour: red\"" },

        // Signs: + adds a term and a keyword word, - subtracts at the default weight and excludes the keyword matches.
        { "beach -people", "vector: beach ×1, people ×-0.5 · keywords: beach · excluded: people" },
        { "beach -\"ice cream\"", "vector: beach ×1, \"ice cream\" ×-0.5 · keywords: beach · excluded: \"ice cream\"" },
        { "beach +sunset -people", "vector: beach ×1, sunset ×1, people ×-0.5 · keywords: beach, sunset · excluded: people" },
        { "+\"red car\"", "vector: \"red car\" ×1 · keywords: red, car · phrases: \"red car\"" },
        { "-people", "vector: people ×-0.5 · excluded: people" },
        { "beach-house", "vector: beach-house ×1 · keywords: beach-house" },

        // Explicit weights: a number, a colon, then a word or a quote; the sign of the weight decides the keyword role.
        { "-0.5:people beach", "vector: beach ×1, people ×-0.5 · keywords: beach · excluded: people" },
        { "+2:sunset", "vector: sunset ×2 · keywords: sunset" },
        { "2:sunset", "vector: sunset ×2 · keywords: sunset" },
        { ".5:dog", "vector: dog ×0.5 · keywords: dog" },
        { "3.:dog", "vector: dog ×3 · keywords: dog" },
        { "10:dog -10:cat", "vector: dog ×10, cat ×-10 · keywords: dog · excluded: cat" },
        { "0.3:\"red car\"", "vector: \"red car\" ×0.3 · keywords: red, car · phrases: \"red car\"" },
        { "-2:\"red car\"", "vector: \"red car\" ×-2 · excluded: \"red car\"" },
        { "1.5:Ünïcode", "vector: Ünïcode ×1.5 · keywords: Ünïcode" },

        // Words that only look like weights or keys stay words: times, ratios, addresses, smileys.
        { "12:30 sunset", "vector: \"12:30 sunset\" ×1 · keywords: 12:30, sunset" },
        { "16:9", "vector: 16:9 ×1 · keywords: 16:9" },
        { "-12:30", "vector: 12:30 ×-0.5 · excluded: 12:30" },
        { "2:-x", "vector: 2:-x ×1 · keywords: 2:-x" },
        { "http://example.com/a:b", "vector: http://example.com/a:b ×1 · keywords: http://example.com/a:b" },
        { ":) 3: a1:b", "vector: \":) 3: a1:b\" ×1 · keywords: :), 3:, a1:b" },
        { "-0.5", "vector: 0.5 ×-0.5 · excluded: 0.5" },

        // like: image terms, by id or path, with signs and weights, alongside text.
        { "like:123", "vector: like:123 ×1" },
        { "Like:123", "vector: like:123 ×1" },
        { "like:123 +snow", "vector: like:123 ×1, snow ×1 · keywords: snow" },
        { "like:123 snow", "vector: snow ×1, like:123 ×1 · keywords: snow" },
        { "-like:77 cat", "vector: cat ×1, like:77 ×-0.5 · keywords: cat" },
        { "+like:12", "vector: like:12 ×1" },
        { "0.5:like:/photos/a.jpg", "vector: like:/photos/a.jpg ×0.5" },
        { "like:\"/photos/a b.jpg\"", "vector: like:\"/photos/a b.jpg\" ×1" },
        { "like:C:\\photos\\x.jpg", "vector: like:C:\\photos\\x.jpg ×1" },
    };

    [Theory]
    [MemberData(nameof(Terms))]
    public void Each_term_element_is_read_as_documented(string text, string expected)
    {
        var query = QueryParser.Parse(text);

        Assert.Equal(expected, query.Describe());
        Assert.Equal(text, query.Text);
        Assert.True(query.Filters.IsEmpty);
        Assert.True(query.HasRankingTerms);
    }

    [Fact]
    public void Term_positions_point_at_the_first_character_of_each_term_as_typed()
    {
        var query = QueryParser.Parse("like:5  beach +2:sunset \"red car\" -people");

        Assert.Equal(
            new[] { (QueryTermKind.Text, "beach red car", 1f, 8), (QueryTermKind.Image, "5", 1f, 0), (QueryTermKind.Text, "sunset", 2f, 14), (QueryTermKind.Text, "people", -0.5f, 34) },
            query.VectorTerms.Select(t => (t.Kind, t.Value, t.Weight, t.Position)));
    }

    [Fact]
    public void The_default_exclusion_weight_is_minus_one_half()
    {
        Assert.Equal(-0.5f, QueryParser.DefaultExcludeWeight);
        Assert.Equal(QueryParser.DefaultExcludeWeight, QueryParser.Parse("-x").VectorTerms.Single().Weight);
    }

    [Fact]
    public void Exactly_the_largest_number_of_vector_terms_is_accepted()
    {
        var text = "free text " + string.Join(' ', Enumerable.Range(0, QueryParser.MaxVectorTerms - 1).Select(i => "+w" + i));

        Assert.Equal(QueryParser.MaxVectorTerms, QueryParser.Parse(text).VectorTerms.Count);
    }
}
