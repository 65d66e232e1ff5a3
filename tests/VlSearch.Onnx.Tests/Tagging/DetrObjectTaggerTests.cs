using System.Text.Json.Nodes;
using VlSearch.Core;
using VlSearch.Core.Tagging;
using VlSearch.Onnx.Tagging;
using static VlSearch.Onnx.Tests.Tagging.DetectorFolders;

namespace VlSearch.Onnx.Tests.Tagging;

public sealed class DetrObjectTaggerTests
{
    private static readonly RgbImage Gray = new(40, 30, Enumerable.Repeat((byte)128, 40 * 30 * 3).ToArray());

    private static void WriteConfig(string folder, JsonObject? extra = null, params string[] labels)
    {
        var config = new JsonObject { ["model_type"] = "detr", ["id2label"] = Labels(labels) };
        foreach (var (key, value) in extra ?? [])
        {
            config[key] = value?.DeepClone();
        }

        WriteJson(folder, "config.json", config);
        WriteJson(folder, "preprocessor_config.json", Preprocessor(new JsonObject { ["shortest_edge"] = 24, ["longest_edge"] = 32 }));
    }

    [Fact]
    public void A_random_weight_detr_export_gives_one_object_per_query_with_valid_boxes()
    {
        using var dir = new TempDirectory();
        WriteConfig(dir.Dir, null, "cat", "dog", "bird");
        WriteModel(dir.Dir, RandomDetr(seed: 3, queries: 5, classes: 3, attributes: 0));

        Assert.True(OnnxObjectTaggerLoader.IsTaggerFolder(dir.Dir));
        Assert.Equal(TaggerLayout.Detr, OnnxObjectTaggerLoader.LayoutOf(dir.Dir));
        using var tagger = OnnxObjectTaggerLoader.Load(dir.Dir);
        var found = tagger.Detect([Gray, Gray], minScore: 0f);

        Assert.Equal(["cat", "dog", "bird"], tagger.Labels);
        // DETR's resize brings the short edge to shortest_edge: photos need decoding no larger than that.
        Assert.Equal(24, tagger.MinimumDecodeEdge);
        Assert.Equal(2, found.Count);
        // Without iou_threshold in config.json a DETR export is not suppressed: every query is an object.
        Assert.Equal(5, found[0].Count);
        Assert.All(found[0], o =>
        {
            Assert.Contains(o.Label, tagger.Labels);
            Assert.InRange(o.Score, 0f, 1f);
            Assert.InRange(o.Box.X + o.Box.Width, 0f, 1.0001f);
            Assert.InRange(o.Box.Y + o.Box.Height, 0f, 1.0001f);
            Assert.Empty(o.Attributes);
        });
        Assert.Equal(found[0].Select(o => o.Score), found[1].Select(o => o.Score));
    }

    [Fact]
    public void Known_logits_decode_to_softmax_scores_without_the_no_object_class_and_boxes_relative_to_the_image()
    {
        using var dir = new TempDirectory();
        WriteConfig(dir.Dir, new JsonObject { ["attribute_id2label"] = Labels("red", "small") }, "cat", "dog");
        WriteModel(dir.Dir, ConstantGraph(
            [("pixel_values", OnnxElementType.Float, ["batch", 3, "height", "width"])],
            [
                ("logits", [2, 0, 0, /* no object wins */ 0, 0, 5, 0, 3, 0], [1, 3, 3]),
                ("pred_boxes", [0.5f, 0.5f, 0.2f, 0.4f, 0.5f, 0.5f, 0.1f, 0.1f, 0.05f, 0.9f, 0.2f, 0.4f], [1, 3, 4]),
                ("attribute_logits", [2, -2, 0, 0, -3, 1], [1, 3, 2]),
            ]));

        using var tagger = OnnxObjectTaggerLoader.Load(dir.Dir);
        var found = tagger.Detect([Gray], minScore: 0.5f)[0];

        Assert.Equal(2, found.Count);
        var dog = found[0];
        Assert.Equal("dog", dog.Label);
        Assert.Equal(MathF.Exp(3) / (MathF.Exp(3) + 2), dog.Score, 5);
        // cx 0.05 - w/2 is clipped at the left edge, cy 0.9 + h/2 at the bottom.
        AssertBox(new RelativeBox(0f, 0.7f, 0.15f, 0.3f), dog.Box);
        Assert.Equal([new LabelScore("small", DetectorDecoding.Sigmoid(1))], dog.Attributes);
        var cat = found[1];
        Assert.Equal("cat", cat.Label);
        Assert.Equal(MathF.Exp(2) / (MathF.Exp(2) + 2), cat.Score, 5);
        AssertBox(new RelativeBox(0.4f, 0.3f, 0.2f, 0.4f), cat.Box);
        Assert.Equal([new LabelScore("red", DetectorDecoding.Sigmoid(2))], cat.Attributes);
    }

    [Fact]
    public void An_iou_threshold_in_the_config_suppresses_overlapping_queries_of_one_label()
    {
        using var dir = new TempDirectory();
        WriteConfig(dir.Dir, new JsonObject { ["iou_threshold"] = 0.5 }, "cat", "dog");
        WriteModel(dir.Dir, ConstantGraph(
            [("pixel_values", OnnxElementType.Float, [1, 3, 16, 16])],
            [
                ("logits", [4, 0, 0, 3, 0, 0, 0, 3, 0], [1, 3, 3]),
                ("pred_boxes", [0.5f, 0.5f, 0.4f, 0.4f, 0.52f, 0.5f, 0.4f, 0.4f, 0.5f, 0.5f, 0.4f, 0.4f], [1, 3, 4]),
            ]));

        using var tagger = OnnxObjectTaggerLoader.Load(dir.Dir);
        var found = tagger.Detect([Gray], minScore: 0.5f)[0];

        Assert.Equal(["cat", "dog"], found.Select(o => o.Label));
    }

    [Fact]
    public void Id2label_that_disagrees_with_the_logits_fails_naming_both_files()
    {
        using var dir = new TempDirectory();
        WriteConfig(dir.Dir, null, "cat", "dog", "bird");
        WriteModel(dir.Dir, RandomDetr(seed: 1, queries: 4, classes: 2, attributes: 0));

        var error = Assert.Throws<ModelLoadException>(() => OnnxObjectTaggerLoader.Load(dir.Dir));

        Assert.Contains("id2label", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_corrupt_model_file_fails_naming_it()
    {
        using var dir = new TempDirectory();
        WriteConfig(dir.Dir, null, "cat");

        Assert.False(OnnxObjectTaggerLoader.IsTaggerFolder(dir.Dir));
        var missing = Assert.Throws<ModelLoadException>(() => OnnxObjectTaggerLoader.Load(dir.Dir));
        Assert.Contains(Path.Combine("onnx", "model.onnx"), missing.Message, StringComparison.Ordinal);

        WriteModel(dir.Dir, [1, 2, 3, 4, 5]);
        var corrupt = Assert.Throws<ModelLoadException>(() => OnnxObjectTaggerLoader.Load(dir.Dir));
        Assert.Contains("model.onnx", corrupt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_preprocessor_config_fails_naming_it()
    {
        using var dir = new TempDirectory();
        WriteConfig(dir.Dir, null, "cat", "dog");
        File.Delete(Path.Combine(dir.Dir, "preprocessor_config.json"));
        WriteModel(dir.Dir, RandomDetr(seed: 1, queries: 4, classes: 2, attributes: 0));

        var error = Assert.Throws<ModelLoadException>(() => OnnxObjectTaggerLoader.Load(dir.Dir));

        Assert.Contains("preprocessor_config.json", error.Message, StringComparison.Ordinal);
    }

    internal static void AssertBox(RelativeBox expected, RelativeBox actual)
    {
        Assert.Equal(expected.X, actual.X, 5);
        Assert.Equal(expected.Y, actual.Y, 5);
        Assert.Equal(expected.Width, actual.Width, 5);
        Assert.Equal(expected.Height, actual.Height, 5);
    }
}
