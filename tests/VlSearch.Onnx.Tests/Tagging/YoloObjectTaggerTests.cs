using System.Text.Json.Nodes;
using VlSearch.Core;
using VlSearch.Core.Tagging;
using VlSearch.Onnx.Tagging;
using static VlSearch.Onnx.Tests.Tagging.DetectorFolders;

namespace VlSearch.Onnx.Tests.Tagging;

public sealed class YoloObjectTaggerTests
{
    // Four candidates of two classes, fields first ([1, 6, 4]): cx, cy, w, h in input pixels, then the class scores.
    private static readonly float[][] Candidates =
    [
        [32, 32, 32, 16, 0.9f, 0.1f],
        [34, 32, 32, 16, 0.8f, 0.1f],
        [34, 32, 32, 16, 0.1f, 0.7f],
        [10, 10, 4, 4, 0.2f, 0.1f],
    ];

    private static readonly RgbImage Wide = new(128, 64, new byte[128 * 64 * 3]);

    private static void WriteFolder(string folder, byte[] model, string[]? labels = null)
    {
        WriteJson(folder, "config.json", new JsonObject { ["model_type"] = "yolo" });
        if (labels is not null)
        {
            File.WriteAllLines(Path.Combine(folder, "labels.txt"), labels);
        }

        WriteModel(folder, model);
    }

    private static byte[] Constant(bool fieldsFirst)
    {
        var values = new float[4 * 6];
        for (var n = 0; n < 4; n++)
        {
            for (var f = 0; f < 6; f++)
            {
                values[fieldsFirst ? (f * 4) + n : (n * 6) + f] = Candidates[n][f];
            }
        }

        return ConstantGraph([("images", OnnxElementType.Float, [1, 3, 64, 64])], [("output0", values, fieldsFirst ? [1, 6, 4] : [1, 4, 6])]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Known_candidates_are_thresholded_suppressed_per_class_and_mapped_back_through_the_letterbox(bool fieldsFirst)
    {
        using var dir = new TempDirectory();
        WriteFolder(dir.Dir, Constant(fieldsFirst), ["a", "b"]);

        using var tagger = OnnxObjectTaggerLoader.Load(dir.Dir);
        var found = tagger.Detect([Wide], minScore: 0.5f)[0];

        // 128×64 letterboxed into 64×64: scale 0.5, the image spans rows 16 to 48. The second "a" overlaps the
        // first (IoU 0.88) and goes; the "b" at the same place stays; the fourth scores under the threshold.
        Assert.Equal(2, found.Count);
        Assert.Equal("a", found[0].Label);
        Assert.Equal(0.9f, found[0].Score);
        DetrObjectTaggerTests.AssertBox(new RelativeBox(0.25f, 0.25f, 0.5f, 0.5f), found[0].Box);
        Assert.Equal("b", found[1].Label);
        Assert.Equal(0.7f, found[1].Score);
        DetrObjectTaggerTests.AssertBox(new RelativeBox(0.28125f, 0.25f, 0.5f, 0.5f), found[1].Box);
    }

    [Fact]
    public void A_lower_threshold_keeps_the_weak_candidate()
    {
        using var dir = new TempDirectory();
        WriteFolder(dir.Dir, Constant(fieldsFirst: true), ["a", "b"]);

        using var tagger = OnnxObjectTaggerLoader.Load(dir.Dir);
        var found = tagger.Detect([Wide], minScore: 0.15f)[0];

        Assert.Equal(3, found.Count);
        Assert.Equal(0.2f, found[2].Score);
    }

    [Fact]
    public void A_random_weight_yolo_export_with_names_in_the_config_gives_valid_boxes()
    {
        using var dir = new TempDirectory();
        WriteModel(dir.Dir, RandomYolo(seed: 5, size: 32, classes: 3, candidates: 20));
        WriteJson(dir.Dir, "config.json", new JsonObject { ["names"] = new JsonObject { ["0"] = "person", ["1"] = "car", ["2"] = "dog" } });

        Assert.Equal(TaggerLayout.Yolo, OnnxObjectTaggerLoader.LayoutOf(dir.Dir));
        using var tagger = OnnxObjectTaggerLoader.Load(dir.Dir);
        var found = tagger.Detect([Wide, new RgbImage(16, 48, new byte[16 * 48 * 3])], minScore: 0.01f);

        Assert.Equal(["person", "car", "dog"], tagger.Labels);
        Assert.Equal(32, tagger.MinimumDecodeEdge);
        Assert.All(found, objects => Assert.NotEmpty(objects));
        Assert.All(found.SelectMany(o => o), o =>
        {
            Assert.InRange(o.Score, 0.01f, 1f);
            Assert.InRange(o.Box.X + o.Box.Width, 0f, 1.0001f);
            Assert.InRange(o.Box.Y + o.Box.Height, 0f, 1.0001f);
        });
        // Class-wise suppression leaves no two boxes of one label overlapping beyond the threshold.
        foreach (var objects in found)
        {
            foreach (var a in objects)
            {
                Assert.DoesNotContain(objects, b => !ReferenceEquals(a, b) && a.Label == b.Label && a.Box.IntersectionOverUnion(b.Box) > 0.45f);
            }
        }
    }

    [Fact]
    public void A_missing_label_file_fails_naming_it()
    {
        using var dir = new TempDirectory();
        WriteFolder(dir.Dir, Constant(fieldsFirst: true));

        var error = Assert.Throws<ModelLoadException>(() => OnnxObjectTaggerLoader.Load(dir.Dir));

        Assert.Contains("labels.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_file_with_a_different_number_of_classes_fails_naming_it()
    {
        using var dir = new TempDirectory();
        WriteFolder(dir.Dir, Constant(fieldsFirst: true), ["a", "b", "c", "d", "e"]);

        var error = Assert.Throws<ModelLoadException>(() => OnnxObjectTaggerLoader.Load(dir.Dir));

        Assert.Contains("labels.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 classes", error.Message, StringComparison.Ordinal);
    }
}
