using VlSearch.Search.Evaluation;

namespace VlSearch.Indexing.Tests.Evaluation;

public sealed class RelevanceJudgmentsTests
{
    [Fact]
    public void An_array_of_paths_gives_each_path_gain_one_with_forward_slashes()
    {
        var queries = RelevanceJudgments.Parse("""{ "a red circle": ["Trip/IMG_1.jpg", "./Trip\\IMG_2.jpg"] }""");

        var query = Assert.Single(queries);
        Assert.Equal("a red circle", query.Text);
        Assert.Equal(new Dictionary<string, double> { ["Trip/IMG_1.jpg"] = 1, ["Trip/IMG_2.jpg"] = 1 }, query.Gains);
    }

    [Fact]
    public void An_object_of_path_to_gain_is_graded_relevance()
    {
        var query = Assert.Single(RelevanceJudgments.Parse("""{ "tahoe": { "a.jpg": 3, "b.jpg": 1.5 } }"""));

        Assert.Equal(3, query.Gains["a.jpg"]);
        Assert.Equal(1.5, query.Gains["b.jpg"]);
    }

    [Fact]
    public void Queries_keep_the_order_of_the_file()
    {
        var queries = RelevanceJudgments.Parse("""{ "zebra": ["z.jpg"], "apple": ["a.jpg"] }""");

        Assert.Equal(["zebra", "apple"], queries.Select(q => q.Text));
    }

    [Theory]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("""{ "q": [] }""", "no relevant image")]
    [InlineData("""{ "q": "a.jpg" }""", "array of image paths")]
    [InlineData("""{ "q": { "a.jpg": 0 } }""", "positive number")]
    [InlineData("""{ "q": [3] }""", "not a path")]
    [InlineData("{ not json", "not valid JSON")]
    public void A_malformed_file_is_refused_with_a_reason(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => RelevanceJudgments.Parse(json));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
