using VlSearch.Core;
using VlSearch.Imaging;
using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Reranking;

/// <summary>The matcher's rerank stage on its own: which features it reads, extracts and stores, and which text it matches.</summary>
public sealed class MatcherRerankStageTests : IDisposable
{
    private readonly PhotoFolder folder = new();
    private readonly ColourMatcherDouble matcher = new();
    private readonly InMemoryImageFeatureStoreDouble store = new();

    public void Dispose() => folder.Dispose();

    private MatcherRerankStage Stage(int maxExtracted = 16) =>
        new(new RerankerModel("colour", () => matcher), store, new PhotoDecoder(), new ImagePreprocessor(), maxExtracted);

    private static ParsedQuery Text(string text) => QueryParser.Parse(text);

    private static RankedHit Hit(long id, string path) => new(id, path, 0.5, null);

    [Fact]
    public void The_match_text_is_the_free_text_and_added_words_without_filters_exclusions_or_images()
    {
        var query = Text("red circle +square -blue camera:canon after:2020-01-01");

        Assert.Equal("red circle square", MatcherRerankStage.MatchText(query));
        Assert.Equal("", MatcherRerankStage.MatchText(Text("camera:canon")));
    }

    [Fact]
    public async Task Stored_features_are_read_in_one_batch_and_scored_against_the_query_text()
    {
        store.Put(matcher.Id, 1, ColourMatcherDouble.Colour(0.2f, 0, 0));
        store.Put(matcher.Id, 2, ColourMatcherDouble.Colour(0.9f, 0, 0));

        var scores = await Stage().RerankAsync(Text("a red square camera:canon"), new KeyedNothingModel(), [Hit(1, "/nowhere/1.png"), Hit(2, "/nowhere/2.png")]);

        Assert.Equal(1, store.Reads);
        Assert.Equal([1L, 2L], store.LastRead);
        Assert.Equal(0.2, scores.Single(s => s.Id == 1).Probability, 5);
        Assert.Equal(0.9, scores.Single(s => s.Id == 2).Probability, 5);
        Assert.Equal(["a red square"], matcher.Texts);
        Assert.Equal(0, matcher.ExtractedImages);
    }

    [Fact]
    public async Task Photos_without_stored_features_are_extracted_from_their_files_within_the_bound_and_stored()
    {
        var red = folder.Write("red.png", 255, 0, 0);
        var green = folder.Write("green.png", 0, 255, 0);
        var blue = folder.Write("blue.png", 0, 0, 255);

        var scores = await Stage(maxExtracted: 2).RerankAsync(Text("green"), new KeyedNothingModel(), [Hit(1, red), Hit(2, green), Hit(3, blue)]);

        Assert.Equal(2, matcher.ExtractedImages);
        Assert.Equal([1L, 2L], scores.Select(s => s.Id).Order());
        Assert.Equal(0, scores.Single(s => s.Id == 1).Probability, 3);
        Assert.Equal(1, scores.Single(s => s.Id == 2).Probability, 3);
        Assert.True(store.HasFeatures(matcher.Id, 1) && store.HasFeatures(matcher.Id, 2));
        Assert.False(store.HasFeatures(matcher.Id, 3));

        // The next query reads what the first one stored and extracts only the photo left over.
        await Stage(maxExtracted: 2).RerankAsync(Text("green"), new KeyedNothingModel(), [Hit(1, red), Hit(2, green), Hit(3, blue)]);
        Assert.Equal(3, matcher.ExtractedImages);
    }

    [Fact]
    public async Task A_photo_that_cannot_be_read_is_left_unscored()
    {
        var red = folder.Write("red.png", 255, 0, 0);

        var scores = await Stage().RerankAsync(Text("red"), new KeyedNothingModel(), [Hit(1, red), Hit(2, folder.PathOf("gone.png"))]);

        Assert.Equal(1, Assert.Single(scores).Id);
    }

    [Fact]
    public async Task Stored_features_of_another_shape_are_extracted_again()
    {
        var red = folder.Write("red.png", 255, 0, 0);
        store.Put(matcher.Id, 1, [0.1f, 0.1f]);

        var scores = await Stage().RerankAsync(Text("red"), new KeyedNothingModel(), [Hit(1, red)]);

        Assert.Equal(1, Assert.Single(scores).Probability, 3);
        Assert.Equal(1, matcher.ExtractedImages);
    }

    [Fact]
    public async Task A_query_without_text_is_skipped_with_a_reason()
    {
        var query = new ParsedQuery { Text = "like:7", VectorTerms = [new QueryTerm(QueryTermKind.Image, "7", 1, 5)] };

        var skipped = await Assert.ThrowsAsync<RerankSkippedException>(() => Stage().RerankAsync(query, new KeyedNothingModel(), [Hit(1, "/x.png")]));

        Assert.Contains("no text", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Reads);
    }

    [Fact]
    public async Task A_model_that_cannot_be_loaded_is_tried_once_and_skips_with_its_reason()
    {
        var loads = 0;
        var model = new RerankerModel("broken-itm", () =>
        {
            loads++;
            throw new InvalidDataException("onnx/text_matcher.onnx is not an ONNX graph");
        });
        var stage = new MatcherRerankStage(model, store, new PhotoDecoder(), new ImagePreprocessor());

        var first = await Assert.ThrowsAsync<RerankSkippedException>(() => stage.RerankAsync(Text("red"), new KeyedNothingModel(), [Hit(1, "/x.png")]));
        await Assert.ThrowsAsync<RerankSkippedException>(() => stage.RerankAsync(Text("red"), new KeyedNothingModel(), [Hit(1, "/x.png")]));

        Assert.Equal(1, loads);
        Assert.Contains("broken-itm", first.Message, StringComparison.Ordinal);
        Assert.Contains("not an ONNX graph", first.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_the_reranker_model_disposes_a_loaded_matcher()
    {
        var model = new RerankerModel("colour", () => matcher);
        Assert.True(model.TryLoad(out _, out _));

        model.Dispose();

        Assert.True(matcher.Disposed);
    }

    /// <summary>The stage never embeds: the embedding model is only passed through.</summary>
    private sealed class KeyedNothingModel : IEmbeddingModel
    {
        public string Id => "none";

        public int Dimension => 1;

        public IImageEncoder Image => throw new NotSupportedException();

        public ITextEncoder? Text => null;

        public void Dispose()
        {
        }
    }
}
