using VlSearch.Imaging;
using VlSearch.Onnx;
using VlSearch.Training;
using Xunit.Abstractions;

namespace VlSearch.Training.Tests;

/// <summary>Checks on the model and test split shipped in the repository.</summary>
public class ShippedModelTests(ITestOutputHelper output)
{
    [Fact]
    public void Shipped_model_retrieves_the_right_scene_on_the_shipped_test_split()
    {
        var samples = Path.Combine(TestPaths.RepositoryRoot(), "samples", "synthetic-test");
        // A subset keeps the test fast: the first 200 images and their queries.
        var dir = TestPaths.TempFolder("vlsearch-subset");
        try
        {
            var queries = RetrievalEvaluator.LoadQueries(Path.Combine(samples, "queries.json"));
            var files = Directory.GetFiles(samples, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(200).ToHashSet();
            foreach (var file in files)
            {
                File.Copy(Path.Combine(samples, file!), Path.Combine(dir, file!));
            }

            var subset = queries
                .Where(q => q.Value.All(files.Contains))
                .ToDictionary(q => q.Key, q => q.Value);
            File.WriteAllText(Path.Combine(dir, "queries.json"), System.Text.Json.JsonSerializer.Serialize(subset));
            using var model = new OnnxModelLoader().Load(TestPaths.ShippedModel);
            var metrics = new RetrievalEvaluator(model, new PhotoDecoder(), new ImagePreprocessor()).Evaluate(Path.Combine(dir, "queries.json"));
            Assert.True(metrics.Queries > 150);
            // Chance level for Recall@5 among 200 images is 0.025.
            Assert.True(metrics.RecallAt5 > 0.8, $"Recall@5 {metrics.RecallAt5}");
            Assert.True(metrics.Mrr > 0.5, $"MRR {metrics.Mrr}");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void An_adapter_trained_on_new_colour_names_raises_recall_on_held_out_photos()
    {
        var dir = TestPaths.TempFolder("vlsearch-shift");
        try
        {
            var train = Path.Combine(dir, "train");
            var heldOut = Path.Combine(dir, "held-out");
            // Captioned photos with colours and colour names the base model never saw (sidecar .txt captions).
            SceneGenerator.WriteSplit(train, SceneSplit.Shift, 64, 21);
            SceneGenerator.WriteSplit(heldOut, SceneSplit.Shift, 100, 22);
            using var model = new OnnxModelLoader().Load(TestPaths.ShippedModel);
            var decoder = new PhotoDecoder();
            var preprocessor = new ImagePreprocessor();
            var photos = PhotoLabels.Read(train, decoder.SupportedExtensions);
            Assert.Equal(64, photos.Count);
            var adapter = new AdapterTrainer(model, decoder, preprocessor).Train(photos);

            var queries = Path.Combine(heldOut, "queries.json");
            var before = new RetrievalEvaluator(model, decoder, preprocessor).Evaluate(queries);
            var after = new RetrievalEvaluator(model, decoder, preprocessor) { Adapter = adapter }.Evaluate(queries);
            output.WriteLine($"held-out Recall@5 {before.RecallAt5:F3} → {after.RecallAt5:F3}, MRR {before.Mrr:F3} → {after.Mrr:F3}");
            Assert.True(after.RecallAt5 > before.RecallAt5, $"Recall@5 {before.RecallAt5:F3} → {after.RecallAt5:F3}");
            // The README reports 0.97; training is seeded, so a drop below 0.90 is a regression, not noise.
            Assert.True(after.RecallAt5 >= 0.90, $"held-out Recall@5 with the adapter is {after.RecallAt5:F3}, below 0.90");
            Assert.True(after.Mrr > before.Mrr, $"MRR {before.Mrr:F3} → {after.Mrr:F3}");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
