using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace VlSearch.Web.Tests;

/// <summary><c>/api/v1/search</c> through the ranking pipeline: its parameters, its explanations, and garbled queries.</summary>
[Collection(IndexedAppCollection.Name)]
public sealed class SearchRankingApiTests(IndexedAppFixture app, ITestOutputHelper output)
{
    private static readonly string[] Pieces =
    [
        "beach", "a", "red", "circle", "\"", "\"big star\"", "-", "+", "-0.5:", "0.5:", ":", "like:", "like:1", "like:/etc/passwd",
        "camera:", "lens:", "type:png", "folder:", "library:x", "after:", "before:2024-13-45", "on:2023-07", "tag:", "near:",
        "near:91,200,5", "orientation:", "orientation:round", "unknown:key", "(", ")", "\\", "'", ",", ".", "%", "&", "#", "?",
        "é", "字", "🙂", "\t", " ", " ", " ", "0", "42", "-\"", "\"\"", "+-", "::", "IMG_2041", "ümlaut", "\u0301",
    ];

    [Fact]
    public async Task A_thousand_random_and_garbled_queries_each_get_a_200_or_a_400_with_the_position()
    {
        using var client = app.Factory.CreateClient();
        var random = new Random(20261130);
        var counts = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 1000; i++)
        {
            var query = Garbled(random);
            using var response = await client.GetAsync($"/api/v1/search?k=3&q={Uri.EscapeDataString(query)}");
            counts[response.StatusCode] = counts.GetValueOrDefault(response.StatusCode) + 1;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {query}: {body}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                using var problem = JsonDocument.Parse(body);
                Assert.True(problem.RootElement.TryGetProperty("position", out var position), $"no position for {query}: {body}");
                Assert.InRange(position.GetInt32(), 0, query.Length);
            }
        }

        output.WriteLine(string.Join(", ", counts.Select(c => $"{(int)c.Key}: {c.Value}")));
    }

    [Fact]
    public async Task Every_hit_carries_its_final_score_and_each_retrievers_score()
    {
        using var client = app.Factory.CreateClient();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/search?q=a%20red%20circle&k=5&stages=hybrid");

        var item = page.GetProperty("items")[0];
        Assert.True(item.GetProperty("vectorScore").ValueKind == JsonValueKind.Number);
        Assert.True(item.TryGetProperty("score", out _));
        Assert.Equal(0, page.GetProperty("hiddenByCutoff").GetInt32());
        Assert.False(item.TryGetProperty("stages", out var stages) && stages.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Explain_adds_each_stages_rank_and_score_and_the_timings()
    {
        using var client = app.Factory.CreateClient();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/search?q=a%20red%20circle&k=3&explain=true&mode=vector&cutoff=none");

        var stages = page.GetProperty("items")[0].GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()).ToList();
        Assert.Equal(["vector", "keyword", "fused", "cut"], stages);
        var timings = page.GetProperty("timings").EnumerateArray().Select(t => t.GetProperty("stage").GetString()).ToList();
        Assert.Contains("vector", timings);
        Assert.Contains("page", timings);
    }

    [Fact]
    public async Task The_auto_cutoff_hides_a_tail_and_counts_it_and_the_hidden_hits_come_back_without_it()
    {
        using var client = app.Factory.CreateClient();
        const string query = "a purple star";

        var cut = await client.GetFromJsonAsync<JsonElement>($"/api/v1/search?q={Uri.EscapeDataString(query)}&k=100&cutoff=auto&mode=vector");
        var all = await client.GetFromJsonAsync<JsonElement>($"/api/v1/search?q={Uri.EscapeDataString(query)}&k=100&cutoff=none&mode=vector");

        var kept = cut.GetProperty("items").GetArrayLength();
        var hidden = cut.GetProperty("hiddenByCutoff").GetInt32();
        Assert.True(hidden > 0, "the weak tail of a short query is hidden");
        Assert.Equal(IndexedAppFixture.PhotoCount, kept + hidden);
        Assert.Equal(IndexedAppFixture.PhotoCount, all.GetProperty("items").GetArrayLength());
        Assert.Equal(
            cut.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()),
            all.GetProperty("items").EnumerateArray().Take(kept).Select(i => i.GetProperty("id").GetInt64()));
    }

    [Theory]
    [InlineData("stages=everything", "stages")]
    [InlineData("mode=fast", "mode")]
    [InlineData("fusion=average", "fusion")]
    [InlineData("weights=1", "weights")]
    [InlineData("weights=-1,1", "weights")]
    [InlineData("cutoff=sometimes", "cutoff")]
    [InlineData("explain=maybe", "explain")]
    public async Task Bad_ranking_parameters_are_a_400_naming_the_parameter(string parameter, string name)
    {
        using var client = app.Factory.CreateClient();

        using var response = await client.GetAsync($"/api/v1/search?q=a%20red%20circle&{parameter}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(name, out _));
    }

    [Fact]
    public async Task Asking_for_the_rerank_stage_where_no_reranker_is_installed_is_a_400()
    {
        using var factory = new VlSearchWebFactory { Settings = { ["Rerank:Enabled"] = "false" } };
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/search?q=a%20red%20circle&stages=hybrid%2Brerank");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("q", out _));
    }

    [Fact]
    public async Task A_query_the_keyword_side_cannot_read_is_a_400_with_the_position()
    {
        using var client = app.Factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/search?q=%21%21%21&stages=keyword");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, problem.RootElement.GetProperty("position").GetInt32());
        Assert.Contains("no words", problem.RootElement.GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
    }

    private static string Garbled(Random random)
    {
        var text = new StringBuilder();
        var parts = random.Next(1, 8);
        for (var p = 0; p < parts; p++)
        {
            if (random.Next(4) == 0)
            {
                // Raw characters, printable or not.
                for (var c = random.Next(1, 6); c > 0; c--)
                {
                    text.Append((char)random.Next(1, 0x3000));
                }
            }
            else
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }
        }

        // The API answers blank text with its own 400 (q is required); every query here has something in it.
        return string.IsNullOrWhiteSpace(text.ToString()) ? "x" + text : text.ToString();
    }
}
