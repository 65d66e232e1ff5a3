using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VlSearch.Core;
using VlSearch.Core.Tagging;
using VlSearch.Onnx.Tagging;
using VlSearch.Training.Tagging;

namespace VlSearch.Training.Tests;

public class TaggerTests
{
    private static TaggerOptions Quick(int seed = 3) => new() { Seed = seed, TrainScenes = 64, Epochs = 2, BatchScenes = 16, Hidden = 8, EvaluationScenes = 0 };

    [Fact]
    public void Every_parameter_gradient_matches_finite_differences_of_the_loss()
    {
        var net = new TaggerNetwork(featureWidth: 3, hidden: 5);
        net.Initialize(4);
        var random = new Random(5);
        for (var i = 0; i < net.Values.Length; i++)
        {
            net.Values[i] += (float)((random.NextDouble() * 2) - 1) * 0.3f;
        }

        var features = Enumerable.Range(0, TaggerNetwork.Cells * 3).Select(_ => (float)random.NextDouble()).ToArray();
        var targets = Enumerable.Repeat(TaggerTarget.None, TaggerNetwork.Cells).ToArray();
        targets[8] = new TaggerTarget(2, [1, 9], [0.2f, 0.18f, 0.15f, 0.15f]);
        targets[30] = new TaggerTarget(5, [7, 8], [0.3f, 0.65f, 0.3f, 0.3f]);
        var a = new TaggerActivations(net);
        var analytic = new float[net.Count];
        net.Forward(features, a);
        net.Backward(a, targets, 0.5f, analytic);

        double Loss()
        {
            net.Forward(features, a);
            return net.Backward(a, targets, 0.5f, new float[net.Count]);
        }

        // Every bias and head2 weight, and a spread of head1 weights (head1 is large).
        var indices = Enumerable.Range(net.B1.Offset, net.B1.Length)
            .Concat(Enumerable.Range(net.W2.Offset, net.W2.Length))
            .Concat(Enumerable.Range(net.B2.Offset, net.B2.Length))
            .Concat(Enumerable.Range(0, 60).Select(i => net.W1.Offset + (i * 7 % net.W1.Length)));
        CheckGradients([.. indices], net.Values, analytic, Loss);
    }

    /// <summary>
    /// Central differences against the analytic gradient. A ReLU kink inside the ±ε step makes the two one-sided slopes
    /// disagree, which shows as a second difference beyond what <paramref name="curvature"/> allows a smooth loss; such
    /// parameters are skipped (the loss is not differentiable there), but at most a tenth of them.
    /// </summary>
    private static void CheckGradients(int[] indices, float[] values, float[] analytic, Func<double> loss, double curvature = 10)
    {
        const float epsilon = 5e-3f;
        var skipped = 0;
        foreach (var i in indices)
        {
            var saved = values[i];
            var at = loss();
            values[i] = saved + epsilon;
            var plus = loss();
            values[i] = saved - epsilon;
            var minus = loss();
            values[i] = saved;
            if (Math.Abs(plus + minus - (2 * at)) > curvature * epsilon * epsilon)
            {
                skipped++;
                continue;
            }

            var numeric = (plus - minus) / (2 * epsilon);
            var tolerance = (3e-2 * Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric))) + 5e-3;
            Assert.True(Math.Abs(analytic[i] - numeric) <= tolerance, $"parameter {i}: analytic {analytic[i]} vs numeric {numeric}");
        }

        Assert.True(skipped <= indices.Length / 10, $"{skipped} of {indices.Length} parameters sat on a kink");
    }

    [Fact]
    public void The_trained_convolution_gradients_match_finite_differences_of_the_loss()
    {
        var conv = new ConvShape(2, 3, 28, 28, 4, 4, 2, 1, 1);
        var net = new TaggerNetwork(featureWidth: 12, hidden: 6, conv);
        net.Initialize(4);
        var random = new Random(6);
        foreach (var slice in new[] { net.Conv2W!, net.Conv2B! })
        {
            var values = slice.Of(net.Values);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)((random.NextDouble() * 2) - 1) * 0.4f;
            }
        }

        var conv1 = Enumerable.Range(0, conv.InputLength).Select(_ => (float)random.NextDouble()).ToArray();
        var targets = Enumerable.Repeat(TaggerTarget.None, TaggerNetwork.Cells).ToArray();
        targets[10] = new TaggerTarget(1, [3, 8], [0.45f, 0.2f, 0.1f, 0.1f]);
        var a = new TaggerActivations(net);
        var analytic = new float[net.Count];
        net.ForwardFromConv1(conv1, a);
        net.Backward(a, targets, 1f, analytic);

        double Loss()
        {
            net.ForwardFromConv1(conv1, a);
            return net.Backward(a, targets, 1f, new float[net.Count]);
        }

        // The convolution's weights reach many cells at once, so the smooth loss curves more along them.
        CheckGradients([.. Enumerable.Range(net.Conv2B!.Offset, net.Conv2B.Length).Concat(Enumerable.Range(0, 40).Select(i => net.Conv2W!.Offset + (i * 5 % net.Conv2W.Length)))],
            net.Values, analytic, Loss, curvature: 50);
    }

    [Fact]
    public void The_same_seed_exports_byte_identical_models_and_another_seed_does_not()
    {
        var seeds = new[] { 3, 3, 4 };
        var models = new byte[seeds.Length][];
        for (var i = 0; i < seeds.Length; i++)
        {
            var dir = TestPaths.TempFolder("tagger-seed");
            try
            {
                var trainer = new TaggerTrainer(Quick(seeds[i]), TestPaths.ShippedModel);
                trainer.Train();
                trainer.Export(dir);
                models[i] = File.ReadAllBytes(Path.Combine(dir, "onnx", "model.onnx"));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        Assert.Equal(models[0], models[1]);
        Assert.NotEqual(models[0], models[2]);
    }

    [Fact]
    public void The_exported_graph_agrees_with_the_training_forward_pass_and_the_runner_decodes_it_the_same_way()
    {
        var trainer = new TaggerTrainer(Quick(), TestPaths.ShippedModel);
        trainer.Train();
        var dir = TestPaths.TempFolder("tagger-parity");
        try
        {
            trainer.Export(dir);
            var net = trainer.Network;
            var dual = trainer.DualEncoder;
            var size = SceneGenerator.ImageSize;
            var scenes = new SceneGenerator(5).GenerateSplit(SceneSplit.Validation, 6).ToList();
            using var session = new InferenceSession(Path.Combine(dir, "onnx", "model.onnx"));
            var spec = DualEncoderTrainer.Preprocess;
            var a = new TaggerActivations(net);
            var worst = 0.0;
            foreach (var scene in scenes)
            {
                var pixels = new float[3 * size * size];
                for (var p = 0; p < size * size; p++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        pixels[(c * size * size) + p] = ((scene.Image.Pixels[(p * 3) + c] * spec.RescaleFactor) - spec.Mean[c]) / spec.Std[c];
                    }
                }

                using var results = session.Run([NamedOnnxValue.CreateFromTensor("pixel_values", new DenseTensor<float>(pixels, [1, 3, size, size]))]);
                var byName = results.ToDictionary(r => r.Name, r => r.AsTensor<float>().ToArray());
                var grid = new float[dual.FeatureTokens * dual.FeatureWidth];
                var imageActivations = new ImageActivations(dual.Network.Shape);
                dual.Image(scene.Image, imageActivations, new float[NetworkShape.PooledLength], new float[dual.Network.Shape.EmbedDimension], grid);
                TaggerTrainer.Forward(net, net.Conv2 is null ? grid : imageActivations.Out1, a);
                var box = new float[4];
                var rawStart = TaggerNetwork.Classes + 1 + TaggerNetwork.AttributeCount;
                for (var cell = 0; cell < TaggerNetwork.Cells; cell++)
                {
                    var output = a.Outputs.AsSpan(cell * TaggerNetwork.OutputWidth, TaggerNetwork.OutputWidth);
                    for (var k = 0; k <= TaggerNetwork.Classes; k++)
                    {
                        worst = Math.Max(worst, Math.Abs(output[k] - byName["logits"][(cell * (TaggerNetwork.Classes + 1)) + k]));
                    }

                    for (var k = 0; k < TaggerNetwork.AttributeCount; k++)
                    {
                        worst = Math.Max(worst, Math.Abs(output[TaggerNetwork.Classes + 1 + k] - byName["attribute_logits"][(cell * TaggerNetwork.AttributeCount) + k]));
                    }

                    TaggerNetwork.Box(cell, output[rawStart..], box);
                    for (var k = 0; k < 4; k++)
                    {
                        worst = Math.Max(worst, Math.Abs(box[k] - byName["pred_boxes"][(cell * 4) + k]));
                    }
                }
            }

            Assert.True(worst <= 1e-4, $"largest difference {worst}");

            // The DETR-style runner reads the folder and decodes what the training code decodes.
            using var tagger = OnnxObjectTaggerLoader.Load(dir);
            Assert.Equal(TaggerVocabulary.Objects, tagger.Labels);
            foreach (var scene in scenes)
            {
                var grid = new float[dual.FeatureTokens * dual.FeatureWidth];
                var imageActivations = new ImageActivations(dual.Network.Shape);
                dual.Image(scene.Image, imageActivations, new float[NetworkShape.PooledLength], new float[dual.Network.Shape.EmbedDimension], grid);
                TaggerTrainer.Forward(net, net.Conv2 is null ? grid : imageActivations.Out1, a);
                var expected = TaggerTrainer.Decode(a, 0.2f);
                var actual = tagger.Detect([scene.Image], 0.2f)[0];
                Assert.Equal(expected.Select(o => o.Label), actual.Select(o => o.Label));
                Assert.Equal(expected.Select(o => o.Attributes.Select(x => x.Label).ToList()), actual.Select(o => o.Attributes.Select(x => x.Label).ToList()));
                foreach (var (e, x) in expected.Zip(actual))
                {
                    Assert.Equal(e.Score, x.Score, 3);
                    Assert.Equal(e.Box.X, x.Box.X, 3);
                    Assert.Equal(e.Box.Width, x.Box.Width, 3);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_shipped_tagger_finds_the_objects_colours_and_sizes_of_test_scenes_through_the_detr_runner()
    {
        using var tagger = OnnxObjectTaggerLoader.Load(Path.Combine(TestPaths.RepositoryRoot(), "models", "vlsearch-tiny-tagger"));

        var metrics = TaggerEvaluation.Evaluate(tagger, SceneSplit.Test, count: 200, seed: 1, TaggerTrainer.DefaultMinScore);

        // The whole split (1,000 scenes, `vlsearch eval-tagger`) gives 0.905, 0.972 and 95.2 %; 200 scenes vary a little.
        Assert.True(metrics.ObjectF1 >= 0.85, $"object F1 {metrics.ObjectF1}");
        Assert.True(metrics.AttributeF1 >= 0.9, $"attribute F1 {metrics.AttributeF1}");
        Assert.True(metrics.BoxRecallAtIou50 >= 0.9, $"box recall {metrics.BoxRecallAtIou50}");
    }

    [Fact]
    public void Scores_pair_by_iou_and_count_labels_attributes_and_boxes()
    {
        static DetectedObject O(string label, float x, params string[] attributes) =>
            new(label, 0.9f, new RelativeBox(x, 0.1f, 0.2f, 0.2f), [.. attributes.Select(a => new LabelScore(a, 1f))]);
        IReadOnlyList<IReadOnlyList<DetectedObject>> truth = [[O("circle", 0.1f, "red", "small"), O("star", 0.6f, "blue", "large")]];
        // A right circle with one wrong attribute, a mislabelled star, and a false alarm far away.
        IReadOnlyList<IReadOnlyList<DetectedObject>> predicted = [[O("circle", 0.11f, "red", "large"), O("cross", 0.6f, "blue", "large"), O("ring", 0.4f)]];

        var metrics = TaggerEvaluation.Score(predicted, truth, 0.5f);

        Assert.Equal(1.0 / 3, metrics.ObjectPrecision, 3);
        Assert.Equal(0.5, metrics.ObjectRecall, 3);
        Assert.Equal(0.75, metrics.AttributePrecision, 3);
        Assert.Equal(0.75, metrics.AttributeRecall, 3);
        Assert.Equal(1.0, metrics.BoxRecallAtIou50);
    }
}
