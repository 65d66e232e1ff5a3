using VlSearch.Search.Querying;

namespace VlSearch.Search.Tests;

/// <summary><c>imagine:</c>: a description drawn by the text-to-image service, read as an image term.</summary>
public sealed class QueryParserImagineTests
{
    [Fact]
    public void An_imagine_term_is_an_imagined_image_term_beside_the_free_text()
    {
        var query = QueryParser.Parse("beach imagine:\"a red  kite over a beach\"");

        Assert.Equal(
            new[] { (QueryTermKind.Text, "beach", 1f, 0), (QueryTermKind.Imagined, "a red kite over a beach", 1f, 6) },
            query.VectorTerms.Select(t => (t.Kind, t.Value, t.Weight, t.Position)));
        Assert.Equal("vector: beach ×1, imagine:\"a red kite over a beach\" ×1 · keywords: beach", query.Describe());
        Assert.True(query.HasRankingTerms);
    }

    [Theory]
    [InlineData("-imagine:kite", -0.5f)]
    [InlineData("+imagine:kite", 1f)]
    [InlineData("2:imagine:kite", 2f)]
    [InlineData("-0.25:imagine:\"a kite\"", -0.25f)]
    [InlineData("IMAGINE:kite", 1f)]
    public void Imagine_takes_signs_and_weights_as_like_does(string text, float weight)
    {
        var term = Assert.Single(QueryParser.Parse(text).VectorTerms);

        Assert.Equal(QueryTermKind.Imagined, term.Kind);
        Assert.Equal(weight, term.Weight);
    }

    [Fact]
    public void Imagine_and_like_combine_with_text_and_filters()
    {
        var query = QueryParser.Parse("sunset like:12 imagine:kite camera:canon");

        Assert.Equal([QueryTermKind.Text, QueryTermKind.Image, QueryTermKind.Imagined], query.VectorTerms.Select(t => t.Kind));
        Assert.Equal(["canon"], query.Filters.Cameras!);
        Assert.DoesNotContain(query.KeywordWords, w => w.Contains("kite", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("imagine:", 0, "'imagine:' has no value")]
    [InlineData("imagine:\"  \"", 8, "Empty quotes")]
    [InlineData("imagine:\"a kite", 8, "Unterminated quote")]
    public void A_bad_imagine_term_points_at_the_fault(string text, int position, string message)
    {
        var e = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void A_description_longer_than_the_limit_is_refused()
    {
        var text = "imagine:\"" + string.Join(' ', Enumerable.Repeat("kite", QueryParser.MaxImagineLength / 5 + 1)) + "\"";

        var e = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.Contains($"longer than {QueryParser.MaxImagineLength}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_names_imagine_among_the_image_terms()
    {
        var e = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse("imagin:kite"));

        Assert.Contains("imagine:", e.Message, StringComparison.Ordinal);
    }
}
