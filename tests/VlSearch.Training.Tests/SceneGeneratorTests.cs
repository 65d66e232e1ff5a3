using VlSearch.Training;

namespace VlSearch.Training.Tests;

public class SceneGeneratorTests
{
    [Fact]
    public void Same_seed_and_index_give_identical_scenes_and_other_seeds_differ()
    {
        var a = new SceneGenerator(5).Generate(SceneSplit.Train, 17);
        var b = new SceneGenerator(5).Generate(SceneSplit.Train, 17);
        var c = new SceneGenerator(6).Generate(SceneSplit.Train, 17);
        Assert.Equal(a.Caption, b.Caption);
        Assert.Equal(a.Image.Pixels, b.Image.Pixels);
        Assert.NotEqual(a.Image.Pixels, c.Image.Pixels);
        Assert.Equal(SceneGenerator.ImageSize, a.Image.Width);
        Assert.Equal(SceneGenerator.ImageSize, a.Image.Height);
        a.Image.Validate();
    }

    [Fact]
    public void Splits_share_no_scene_description_and_every_scene_hashes_to_its_own_split()
    {
        var generator = new SceneGenerator(3);
        var keys = new Dictionary<SceneSplit, HashSet<string>>();
        foreach (var split in new[] { SceneSplit.Train, SceneSplit.Validation, SceneSplit.Test })
        {
            keys[split] = [];
            for (var i = 0; i < 300; i++)
            {
                var scene = generator.Describe(split, i);
                Assert.Equal(split, SceneGenerator.SplitOf(scene.Key));
                keys[split].Add(scene.Key);
            }
        }

        Assert.Empty(keys[SceneSplit.Train].Intersect(keys[SceneSplit.Test]));
        Assert.Empty(keys[SceneSplit.Train].Intersect(keys[SceneSplit.Validation]));
        Assert.Empty(keys[SceneSplit.Validation].Intersect(keys[SceneSplit.Test]));
    }

    [Fact]
    public void Describing_a_scene_gives_the_caption_of_the_rendered_scene()
    {
        var generator = new SceneGenerator(9);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(generator.Generate(SceneSplit.Test, i).Caption, generator.Describe(SceneSplit.Test, i).Caption);
        }
    }

    [Fact]
    public void Written_split_has_pngs_captions_and_queries_pointing_at_files_with_the_same_key()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vlsearch-gen-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = SceneGenerator.WriteSplit(dir, SceneSplit.Test, 12, 4);
            Assert.Equal(12, files.Count);
            foreach (var f in files)
            {
                var bytes = File.ReadAllBytes(Path.Combine(dir, f.File));
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            }

            var queries = RetrievalEvaluator.LoadQueries(Path.Combine(dir, "queries.json"));
            var byFile = files.ToDictionary(f => f.File);
            foreach (var (caption, relevant) in queries)
            {
                var key = files.First(f => f.Caption == caption).Key;
                Assert.All(relevant, r => Assert.Equal(key, byFile[r].Key));
            }

            Assert.True(File.Exists(Path.Combine(dir, "captions.json")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Written_png_decodes_to_the_generated_pixels()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vlsearch-png-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = SceneGenerator.WriteLibrary(dir, 2, 8);
            var decoded = new VlSearch.Imaging.PhotoDecoder().Decode(Path.Combine(dir, files[1].File), 0);
            Assert.Equal(new SceneGenerator(8).Generate(SceneSplit.Test, 1).Image.Pixels, decoded.Image.Pixels);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
