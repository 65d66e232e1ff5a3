using VlSearch.Core.Tagging;
using VlSearch.Indexing.Enrichment;
using VlSearch.Testing;

namespace VlSearch.Indexing.Tests.Enrichment;

/// <summary>Which labels a model scores and with which prompts: its declared known words and templates.</summary>
public sealed class ZeroShotPromptingTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_label_is_known_only_when_every_word_of_it_is_declared()
    {
        var prompting = new ZeroShotPrompting(new HashSet<string>(["red", "green", "circle"], StringComparer.Ordinal), null);

        Assert.True(prompting.Knows("red"));
        Assert.True(prompting.Knows("Red Circle"));
        Assert.True(prompting.Knows("green-circle"));
        Assert.False(prompting.Knows("red car"));
        Assert.False(prompting.Knows("dog"));
        Assert.False(prompting.Knows("--"));
        Assert.True(ZeroShotPrompting.None.Knows("anything at all"));
    }

    [Fact]
    public void A_model_that_declares_its_words_scores_only_the_labels_made_of_them_and_reports_the_rest()
    {
        using var model = new ColourWordModelDouble("closed") { Prompting = new ZeroShotPrompting(new HashSet<string>(["red", "green", "photo"], StringComparer.Ordinal), null) };

        var labels = LabelEmbeddings.Get(model, TagVocabulary.Of(["red", "dog", "green", "red car", "blue"]), cacheDirectory: null);

        Assert.Equal(["red", "green"], labels.Labels);
        Assert.Equal(["dog", "red car", "blue"], labels.Skipped);
        Assert.Equal(2 * 3, labels.Rows.Length);
        Assert.DoesNotContain(model.Prompts, p => p.Contains("dog", StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_that_declares_nothing_scores_every_label_with_the_generic_templates()
    {
        using var model = new ColourWordModelDouble("open");

        var labels = LabelEmbeddings.Get(model, TagVocabulary.Of(["red", "dog"]), cacheDirectory: null);

        Assert.Equal(["red", "dog"], labels.Labels);
        Assert.Empty(labels.Skipped);
        Assert.Equal(PromptTemplates.All, labels.Templates);
        Assert.Equal(2 * PromptTemplates.All.Count, model.Prompts.Count);
        Assert.Contains("a close-up photo of a dog.", model.Prompts);
    }

    [Fact]
    public void A_model_with_its_own_templates_is_prompted_with_those_only()
    {
        using var model = new ColourWordModelDouble("templated") { Prompting = new ZeroShotPrompting(null, ["a small {} on the left", "a big {} in the center"]) };

        var labels = LabelEmbeddings.Get(model, TagVocabulary.Of(["red", "dog"]), cacheDirectory: null);

        Assert.Equal(["a small red on the left", "a big red in the center", "a small dog on the left", "a big dog in the center"], model.Prompts);
        Assert.Equal(2, labels.Templates.Count);
    }

    [Fact]
    public void Cached_label_embeddings_are_kept_apart_by_templates_and_known_words()
    {
        var cache = temp.Sub("cache");
        var vocabulary = TagVocabulary.Of(["red", "green", "dog"]);
        using var generic = new ColourWordModelDouble("same-id");
        using var templated = new ColourWordModelDouble("same-id") { Prompting = new ZeroShotPrompting(null, ["one small {}"]) };
        using var closed = new ColourWordModelDouble("same-id") { Prompting = new ZeroShotPrompting(new HashSet<string>(["red", "green"], StringComparer.Ordinal), ["one small {}"]) };

        var first = LabelEmbeddings.Get(generic, vocabulary, cache, "fingerprint");
        var again = LabelEmbeddings.Get(new ColourWordModelDouble("same-id"), vocabulary, cache, "fingerprint");
        var withTemplates = LabelEmbeddings.Get(templated, vocabulary, cache, "fingerprint");
        var withWords = LabelEmbeddings.Get(closed, vocabulary, cache, "fingerprint");

        Assert.Equal(first.Hash, again.Hash);
        Assert.Equal(1, templated.TextCalls);
        Assert.Equal(1, closed.TextCalls);
        Assert.Equal(["red", "green"], withWords.Labels);
        Assert.Equal(3, new HashSet<string>([first.Hash, withTemplates.Hash, withWords.Hash]).Count);
        Assert.Equal(3, Directory.GetFiles(cache, "labels-*.bin").Length);
    }

    [Fact]
    public void A_vocabulary_the_model_knows_no_word_of_gives_no_tags()
    {
        using var model = new ColourWordModelDouble("closed") { Prompting = new ZeroShotPrompting(new HashSet<string>(["circle"], StringComparer.Ordinal), null) };
        var labels = LabelEmbeddings.Get(model, TagVocabulary.Of(["dog", "cat"]), cacheDirectory: null);
        var library = Enumerable.Range(0, 30).Select(i => new[] { 1f, 0f, 0f }).ToList();

        var scorer = ZeroShotScorer.Calibrate(labels, library, new ZeroShotOptions());

        Assert.Empty(labels.Labels);
        Assert.Empty(scorer.Tags([1f, 0f, 0f]));
        Assert.Empty(ZeroShotScorer.Calibrate(labels, library.Take(2).ToList(), new ZeroShotOptions()).Rank([1f, 0f, 0f]));
    }
}
