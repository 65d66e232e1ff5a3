using VlSearch.Search.Evaluation;
using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Evaluation;

public sealed class SearchEvaluatorTests
{
    private const string Root = "/library";

    private static readonly JudgedQuery[] Queries =
    [
        new("tahoe red circle", new Dictionary<string, double> { ["Tahoe/IMG_2.jpg"] = 1 }),
        new("a big blue star", new Dictionary<string, double> { ["Tahoe/IMG_1.jpg"] = 1, ["Paris/IMG_9.jpg"] = 1 }),
    ];

    private static EvaluationOptions Options(int warmUp = 0) => new()
    {
        Model = new FakeMeanColourModel("fake"),
        RelativePath = path => path.StartsWith(Root + "/", StringComparison.Ordinal) ? path[(Root.Length + 1)..] : null,
        WarmUp = warmUp,
    };

    private static ScriptedSearchPipeline Pipeline() => new ScriptedSearchPipeline(Root)
        .Answer(SearchStages.Vector, "tahoe red circle", "Paris/IMG_8.jpg", "Tahoe/IMG_2.jpg")
        .Answer(SearchStages.Hybrid, "tahoe red circle", "Tahoe/IMG_2.jpg", "Paris/IMG_8.jpg")
        .Answer(SearchStages.Vector, "a big blue star", "Tahoe/IMG_1.jpg", "Paris/IMG_9.jpg")
        .Answer(SearchStages.Hybrid, "a big blue star", "Paris/IMG_9.jpg", "Rome/IMG_5.jpg", "Tahoe/IMG_1.jpg");

    [Fact]
    public async Task Each_configuration_is_scored_from_its_own_rankings()
    {
        var configurations = PipelineConfiguration.ParseList("vector,hybrid");

        var report = await new SearchEvaluator(Pipeline()).EvaluateAsync(Queries, configurations, Options());

        Assert.Equal(["vector", "hybrid"], report.Keys);
        var vector = report["vector"];
        Assert.Equal(0.25, vector.RecallAt1);
        Assert.Equal(1, vector.RecallAt5);
        Assert.Equal(Math.Round((0.5 + 1) / 2, 4), vector.Mrr);
        Assert.Equal(Math.Round(((1 / Math.Log2(3)) + 1) / 2, 4), vector.NdcgAt10);

        var hybrid = report["hybrid"];
        Assert.Equal(Math.Round((1 + 0.5) / 2, 4), hybrid.RecallAt1);
        Assert.Equal(1, hybrid.Mrr);

        // Second query: relevant at ranks 1 and 3 of an ideal 1, 2.
        var secondNdcg = (1 + (1 / Math.Log2(4))) / (1 + (1 / Math.Log2(3)));
        Assert.Equal(Math.Round((1 + secondNdcg) / 2, 4), hybrid.NdcgAt10);
        Assert.Equal(2, hybrid.Queries);
        Assert.Equal(0, hybrid.Failed);
    }

    [Fact]
    public async Task Requests_carry_the_configured_stages_the_depth_and_no_cutoff()
    {
        var pipeline = Pipeline();

        await new SearchEvaluator(pipeline).EvaluateAsync(Queries, PipelineConfiguration.ParseList("hybrid,vector"), Options(warmUp: 1));

        // One warm-up per configuration, then every query through every configuration in turn.
        Assert.Equal(2 + 4, pipeline.Requests.Count);
        Assert.Equal([SearchStages.Hybrid, SearchStages.Vector, SearchStages.Hybrid, SearchStages.Vector], pipeline.Requests.Skip(2).Select(r => r.Stages!.Value));
        Assert.All(pipeline.Requests, r => Assert.Equal(100, r.K));
        Assert.All(pipeline.Requests, r => Assert.Equal(SearchCutoffMode.None, r.Cutoff!.Mode));
    }

    [Fact]
    public async Task A_request_the_pipeline_refuses_scores_zero_and_is_counted_as_failed()
    {
        var pipeline = Pipeline().Answer(SearchStages.Keyword, "tahoe red circle", "Tahoe/IMG_2.jpg");

        var messages = new Messages();

        var report = await new SearchEvaluator(pipeline).EvaluateAsync(Queries, PipelineConfiguration.ParseList("keyword"), Options(), messages);

        Assert.Equal(1, report["keyword"].Failed);
        Assert.Contains(messages.Lines, m => m.StartsWith("keyword refused 'a big blue star': No answer", StringComparison.Ordinal));
        Assert.Equal(0.5, report["keyword"].RecallAt1);
        Assert.True(report["keyword"].P95Milliseconds >= report["keyword"].P50Milliseconds);
    }

    [Fact]
    public async Task Hits_outside_the_library_count_as_misses()
    {
        var pipeline = new ScriptedSearchPipeline("/elsewhere").Answer(SearchStages.Vector, "tahoe red circle", "Tahoe/IMG_2.jpg");

        var report = await new SearchEvaluator(pipeline).EvaluateAsync(Queries[..1], PipelineConfiguration.ParseList("vector"), Options());

        Assert.Equal(0, report["vector"].NdcgAt10);
    }

    [Theory]
    [InlineData("vector,keyword,hybrid,hybrid+rerank", new[] { "vector", "keyword", "hybrid", "hybrid+rerank" })]
    [InlineData(" Hybrid + Rerank ", new[] { "hybrid+rerank" })]
    public void Pipeline_lists_parse_into_named_stage_sets(string list, string[] names)
    {
        var configurations = PipelineConfiguration.ParseList(list);

        Assert.Equal(names, configurations.Select(c => c.Name));
        Assert.Equal(SearchStages.Hybrid | SearchStages.Rerank, configurations[^1].Stages);
    }

    [Theory]
    [InlineData("", "at least one")]
    [InlineData("vector,semantic", "Unknown pipeline word 'semantic'")]
    [InlineData("rerank", "no retriever")]
    [InlineData("hybrid,vector+keyword", "listed twice")]
    public void A_bad_pipeline_list_is_an_argument_error_that_says_why(string list, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => PipelineConfiguration.ParseList(list));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Progress that keeps every report at once (Progress&lt;T&gt; would post them later).</summary>
    private sealed class Messages : IProgress<string>
    {
        public List<string> Lines { get; } = [];

        public void Report(string value) => Lines.Add(value);
    }
}
