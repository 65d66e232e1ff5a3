using System.Text;
using VlSearch.Onnx;
using VlSearch.Training;

namespace VlSearch.Training.Tests;

public class TokenizerTests
{
    private static readonly string[] Corpus =
        [.. Enumerable.Range(0, 3000).Select(i => new SceneGenerator(2).Describe(SceneSplit.Train, i).Caption)];

    [Fact]
    public void Learned_vocabulary_has_clip_layout_and_round_trips_through_the_product_tokenizer()
    {
        var merges = BpeMergeLearner.Learn(Corpus);
        var vocabulary = ClipVocabulary.Build(merges);
        Assert.Equal(512 + merges.Count + 2, vocabulary.Count);
        Assert.Equal(vocabulary.Count - 2, vocabulary[ClipVocabulary.StartOfText]);

        var tokenizer = ClipTokenizer.Create(vocabulary, merges, 32);
        var byId = vocabulary.ToDictionary(p => p.Value, p => p.Key);
        var byteOf = ClipVocabulary.ByteAlphabet.Select((c, b) => (c, b)).ToDictionary(x => x.c, x => (byte)x.b);
        foreach (var caption in Corpus.Take(200).Append("A Teal STAR, left of  a lime cross!"))
        {
            var ids = tokenizer.EncodeToIds(caption);
            Assert.Equal(tokenizer.StartId, ids[0]);
            Assert.Equal(tokenizer.EndId, ids[^1]);
            var text = string.Concat(ids.Skip(1).SkipLast(1).Select(id => byId[id])).Replace(ClipVocabulary.EndOfWordSuffix, " ", StringComparison.Ordinal);
            var bytes = text.Select(c => c == ' ' ? (byte)' ' : byteOf[c]).ToArray();
            var expected = string.Join(' ', caption.ToLowerInvariant().Replace(",", " ,").Replace("!", " !").Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(expected, Encoding.UTF8.GetString(bytes).Trim());
        }
    }

    [Fact]
    public void Every_frequent_corpus_word_becomes_one_token()
    {
        var merges = BpeMergeLearner.Learn(Corpus);
        var tokenizer = ClipTokenizer.Create(ClipVocabulary.Build(merges), merges, 32);
        foreach (var word in new[] { "circle", "triangle", "checkered", "background", "left" })
        {
            Assert.Equal(3, tokenizer.EncodeToIds(word).Count);
        }

        // A word the corpus never contains falls back to several pieces.
        Assert.True(tokenizer.EncodeToIds("magenta").Count > 3);
    }
}
