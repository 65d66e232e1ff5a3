using VlSearch.Core;
using VlSearch.Training;

namespace VlSearch.Training.Tests;

public class EmbeddingAdapterTests
{
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5))];
    }

    [Fact]
    public void A_zero_update_only_normalizes()
    {
        var adapter = new EmbeddingAdapter("m", 4, 2, new float[8], Values(8, 1), new float[8], Values(8, 2));
        float[] v = [3, 0, 4, 0];
        adapter.ApplyText(v);
        Assert.Equal([0.6f, 0f, 0.8f, 0f], v);
    }

    [Fact]
    public void Apply_adds_the_low_rank_update_then_normalizes()
    {
        // A = [1;0;0], B = [0 1 0]: v + A·B·v moves v[1] into v[0].
        var adapter = new EmbeddingAdapter("m", 3, 1, [1, 0, 0], [0, 1, 0], null, null);
        float[] v = [0, 1, 0];
        adapter.ApplyImage(v);
        var s = 1 / MathF.Sqrt(2);
        Assert.Equal(s, v[0], 6);
        Assert.Equal(s, v[1], 6);
        float[] text = [0, 2, 0];
        adapter.ApplyText(text); // no text matrices: identity + normalize
        Assert.Equal([0f, 1f, 0f], text);
    }

    [Fact]
    public void Saved_adapter_loads_with_the_same_id_and_transform()
    {
        var adapter = new EmbeddingAdapter("clip-vit-b32", 6, 2, Values(12, 3), Values(12, 4), Values(12, 5), Values(12, 6));
        var dir = TestPaths.TempFolder("vlsearch-adapter");
        try
        {
            var path = EmbeddingAdapter.PathFor(dir, "clip-vit-b32");
            adapter.Save(path);
            var loaded = EmbeddingAdapter.Load(path);
            Assert.Equal(adapter.Id, loaded.Id);
            Assert.Equal($"clip-vit-b32+{adapter.Id}", loaded.CollectionModelId);
            var a = Values(6, 7);
            var b = (float[])a.Clone();
            adapter.ApplyText(a);
            loaded.ApplyText(b);
            Assert.Equal(a, b);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Different_weights_give_different_ids_and_bad_files_are_rejected()
    {
        var a = new EmbeddingAdapter("m", 4, 1, Values(4, 1), Values(4, 2), null, null);
        var b = new EmbeddingAdapter("m", 4, 1, Values(4, 1), Values(4, 3), null, null);
        Assert.NotEqual(a.Id, b.Id);
        Assert.Throws<ArgumentException>(() => new EmbeddingAdapter("m", 4, 1, Values(4, 1), null, null, null));
        var dir = TestPaths.TempFolder("vlsearch-adapter-bad");
        try
        {
            var path = Path.Combine(dir, "adapter.json");
            File.WriteAllText(path, "{\"format\":\"something-else\"}");
            Assert.Throws<InvalidDataException>(() => EmbeddingAdapter.Load(path));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Fitting_pulls_each_image_towards_its_label_on_separable_vectors()
    {
        // Labels whose text vectors start far from their images: the adapter must learn the mapping.
        var rng = new Random(5);
        var d = 8;
        float[] Unit(Func<int, float> f)
        {
            var v = Enumerable.Range(0, d).Select(f).ToArray();
            VectorMath.NormalizeInPlace(v);
            return v;
        }

        var labels = Enumerable.Range(0, 4).Select(l => Unit(i => i == l ? 1f : 0f)).ToList();
        var imageLabels = Enumerable.Range(0, 24).Select(i => i % 4).ToList();
        // Image of label l points at axis 4 + l (orthogonal to every label vector) plus noise.
        var images = imageLabels.Select(l => Unit(i => (i == 4 + l ? 1f : 0f) + (float)(rng.NextDouble() * 0.1))).ToList();
        var before = Accuracy(images, imageLabels, labels, null);
        var adapter = AdapterTrainer.Fit("m", images, imageLabels, labels, new AdapterOptions { Rank = 4, Steps = 200 });
        var after = Accuracy(images, imageLabels, labels, adapter);
        Assert.True(after > before, $"accuracy {before} → {after}");
        Assert.Equal(1.0, after);
    }

    private static double Accuracy(IReadOnlyList<float[]> images, IReadOnlyList<int> imageLabels, IReadOnlyList<float[]> labels, EmbeddingAdapter? adapter)
    {
        var texts = labels.Select(l => (float[])l.Clone()).ToList();
        var correct = 0;
        for (var i = 0; i < images.Count; i++)
        {
            var image = (float[])images[i].Clone();
            adapter?.ApplyImage(image);
            var scores = texts.Select(t =>
            {
                var u = (float[])t.Clone();
                adapter?.ApplyText(u);
                return VectorMath.Cosine(image, u);
            }).ToList();
            correct += scores.IndexOf(scores.Max()) == imageLabels[i] ? 1 : 0;
        }

        return (double)correct / images.Count;
    }
}
