using System.Text.Json.Nodes;
using VlSearch.Core;
using VlSearch.Core.Tagging;
using VlSearch.Onnx.Tagging;
using static VlSearch.Onnx.Tests.Tagging.DetectorFolders;

namespace VlSearch.Onnx.Tests.Tagging;

public sealed class OwlObjectTaggerTests
{
    private static int WriteFolder(string folder, string modelType, byte[]? model)
    {
        WriteJson(folder, "config.json", new JsonObject
        {
            ["model_type"] = modelType,
            ["text_config"] = new JsonObject { ["max_position_embeddings"] = 16 },
        });
        WriteJson(folder, "preprocessor_config.json", Preprocessor(new JsonObject { ["height"] = 32, ["width"] = 32 }));
        var vocabulary = WriteTokenizer(folder);
        if (model is not null)
        {
            WriteModel(folder, model);
        }

        return vocabulary;
    }

    private static byte[] Constant(float[] boxes) => ConstantGraph(
        [
            ("input_ids", OnnxElementType.Int64, ["texts", "sequence"]),
            ("attention_mask", OnnxElementType.Int64, ["texts", "sequence"]),
            ("pixel_values", OnnxElementType.Float, [1, 3, 32, 32]),
        ],
        [("logits", [3, -1, -5, -4], [1, 2, 2]), ("pred_boxes", boxes, [1, 2, 4])]);

    [Fact]
    public void A_random_weight_owl_export_scores_the_given_label_texts()
    {
        using var dir = new TempDirectory();
        var vocabulary = WriteFolder(dir.Dir, "owlvit", null);
        WriteModel(dir.Dir, RandomOwl(seed: 2, vocabulary, queries: 6, size: 32));

        Assert.Equal(TaggerLayout.Owl, OnnxObjectTaggerLoader.LayoutOf(dir.Dir));
        using var tagger = OnnxObjectTaggerLoader.Load(dir.Dir, vocabulary: ["dog", "cat", "photo"]);
        var image = new RgbImage(20, 10, Enumerable.Range(0, 600).Select(i => (byte)(i % 251)).ToArray());
        var found = tagger.Detect([image], minScore: 0f)[0];

        Assert.Equal(["dog", "cat", "photo"], tagger.Labels);
        // A fixed 32 × 32 input squashes the short edge to at most 32 pixels.
        Assert.Equal(32, tagger.MinimumDecodeEdge);
        Assert.NotEmpty(found);
        Assert.All(found, o =>
        {
            Assert.Contains(o.Label, tagger.Labels);
            Assert.InRange(o.Score, 0f, 1f);
            Assert.InRange(o.Box.X + o.Box.Width, 0f, 1.0001f);
        });
    }

    [Fact]
    public void Known_logits_give_sigmoid_scores_of_each_querys_best_label()
    {
        using var dir = new TempDirectory();
        WriteFolder(dir.Dir, "owlvit", Constant([0.5f, 0.5f, 0.2f, 0.4f, 0.1f, 0.1f, 0.1f, 0.1f]));

        using var tagger = OnnxObjectTaggerLoader.Load(dir.Dir, vocabulary: ["cat", "dog"]);
        var found = tagger.Detect([new RgbImage(8, 8, new byte[192])], minScore: 0.1f)[0];

        var cat = Assert.Single(found);
        Assert.Equal("cat", cat.Label);
        Assert.Equal(DetectorDecoding.Sigmoid(3), cat.Score, 5);
        DetrObjectTaggerTests.AssertBox(new RelativeBox(0.4f, 0.3f, 0.2f, 0.4f), cat.Box);
    }

    [Fact]
    public void Owlv2_boxes_are_mapped_back_from_the_padded_square()
    {
        using var dir = new TempDirectory();
        WriteFolder(dir.Dir, "owlv2", Constant([0.5f, 0.25f, 0.5f, 0.5f, 0.1f, 0.1f, 0.1f, 0.1f]));

        using var tagger = OnnxObjectTaggerLoader.Load(dir.Dir, vocabulary: ["cat", "dog"]);
        // 64×32 is padded to a 64×64 square at the bottom: the image is the top half of the model's input.
        var found = tagger.Detect([new RgbImage(64, 32, new byte[64 * 32 * 3])], minScore: 0.1f)[0];

        DetrObjectTaggerTests.AssertBox(new RelativeBox(0.25f, 0f, 0.5f, 1f), Assert.Single(found).Box);
    }

    [Fact]
    public void An_open_vocabulary_detector_without_label_texts_fails()
    {
        using var dir = new TempDirectory();
        WriteFolder(dir.Dir, "owlvit", Constant([0.5f, 0.5f, 0.2f, 0.4f, 0.1f, 0.1f, 0.1f, 0.1f]));

        var error = Assert.Throws<ModelLoadException>(() => OnnxObjectTaggerLoader.Load(dir.Dir));

        Assert.Contains("label texts", error.Message, StringComparison.Ordinal);
    }
}
