using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VlSearch.Training.Matching;

namespace VlSearch.Training.Tests;

/// <summary>The image–text matching cross-encoder: gradients, export parity, determinism, tokenizer and negatives.</summary>
public class MatcherTests
{
    private static MatcherOptions Quick(int seed = 3) => new()
    {
        Seed = seed, Steps = 3, ScenesPerStep = 16, VocabularyCorpus = 2000, EvaluationScenes = 0, CompositionalPairs = 0, ModelName = "itm-test",
    };

    [Fact]
    public void Attention_scores_far_beyond_the_float_exponent_range_still_give_a_finite_probability()
    {
        var shape = new MatcherShape(Vocabulary: 12, Width: 6, Hidden: 5, MaxLength: 8, FeatureTokens: 4, FeatureWidth: 3);
        var net = new MatcherNetwork(shape);
        net.Initialize(7);
        // Queries and keys 100× larger make the attention scores thousands, where exp overflows a float.
        foreach (var slice in new[] { net.QueryW, net.KeyW })
        {
            var values = slice.Of(net.Values);
            System.Numerics.Tensors.TensorPrimitives.Multiply(values, 100f, values);
        }

        var features = Enumerable.Range(0, 12).Select(i => (float)Math.Sin(i + 1) * 3f).ToArray();
        var a = new MatcherActivations(shape);
        net.Forward([1, 4, 7, 2, 9, 3], features, a);

        Assert.True(a.Lse.Take(6).Max() > 100f, "the scores should be far past exp's float range");
        for (var t = 0; t < 6; t++)
        {
            var row = a.A.Skip(t * 4).Take(4).ToArray();
            Assert.All(row, p => Assert.True(float.IsFinite(p) && p >= 0f, $"attention weight {p}"));
            Assert.Equal(1.0, row.Sum(), 4);
        }

        Assert.True(float.IsFinite(a.Logits[0]) && float.IsFinite(a.Logits[1]), $"logits {a.Logits[0]}, {a.Logits[1]}");
        Assert.InRange(MatcherNetwork.Probability(a), 0f, 1f);
    }

    [Fact]
    public void Every_parameter_gradient_matches_finite_differences_of_the_loss()
    {
        var shape = new MatcherShape(Vocabulary: 12, Width: 6, Hidden: 5, MaxLength: 8, FeatureTokens: 4, FeatureWidth: 3);
        var net = new MatcherNetwork(shape);
        net.Initialize(7);
        var random = new Random(15);
        for (var i = 0; i < net.Values.Length; i++)
        {
            net.Values[i] += (float)((random.NextDouble() * 2) - 1) * 0.3f;
        }

        var features = Enumerable.Range(0, 12).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        int[] ids = [1, 4, 7, 2, 9, 3];
        var a = new MatcherActivations(shape);
        var failures = new List<string>();
        var (checks, kinks) = (0, 0);
        foreach (var match in new[] { true, false })
        {
            var grad = new float[net.Count];
            net.Forward(ids, features, a);
            net.Backward(a, match, 1f, grad);
            net.Forward(ids, features, a);
            var pattern = Pattern(a, shape);
            var crossed = false;
            double Loss()
            {
                net.Forward(ids, features, a);
                crossed |= !Pattern(a, shape).SequenceEqual(pattern);
                var p = MatcherNetwork.Probability(a);
                return -Math.Log(match ? p : 1 - p);
            }

            const float epsilon = 1e-3f;
            foreach (var slice in net.Slices)
            {
                for (var i = slice.Offset; i < slice.Offset + slice.Length; i++)
                {
                    var saved = net.Values[i];
                    crossed = false;
                    net.Values[i] = saved + epsilon;
                    var plus = Loss();
                    net.Values[i] = saved - epsilon;
                    var minus = Loss();
                    net.Values[i] = saved;
                    var numeric = (plus - minus) / (2 * epsilon);
                    checks++;
                    if (crossed)
                    {
                        // A ReLU switched inside the step: the loss has a kink there and no finite difference holds.
                        kinks++;
                        continue;
                    }

                    var tolerance = (2e-2 * Math.Max(Math.Abs(grad[i]), Math.Abs(numeric))) + 2e-3;
                    if (Math.Abs(grad[i] - numeric) > tolerance)
                    {
                        failures.Add($"{slice.Name}[{i - slice.Offset}] ({(match ? "match" : "no match")}): analytic {grad[i]} vs numeric {numeric}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(kinks <= checks / 10, $"{kinks} of {checks} checks straddled a ReLU kink");
    }

    /// <summary>Which ReLUs are active (context layers and fusion), the pieces on which the loss is smooth.</summary>
    private static bool[] Pattern(MatcherActivations a, MatcherShape shape) =>
    [
        .. a.Convs[0].Take(a.Length * shape.Width).Select(v => v > 0),
        .. a.Convs[1].Take(a.Length * shape.Width).Select(v => v > 0),
        .. a.Convs[2].Take(a.Length * shape.Width).Select(v => v > 0),
        .. a.U.Take(a.Length * shape.Hidden).Select(v => v > 0),
    ];

    [Fact]
    public void The_exported_graphs_agree_with_the_training_forward_pass_on_100_pairs()
    {
        var trainer = new MatcherTrainer(Quick(), TestPaths.ShippedModel);
        trainer.Train();
        var dir = TestPaths.TempFolder("itm-parity");
        try
        {
            trainer.Export(dir);
            var generator = new SceneGenerator(5);
            var scenes = generator.GenerateSplit(SceneSplit.Validation, 10).ToList();
            var dual = trainer.DualEncoder;
            var featureLength = dual.FeatureTokens * dual.FeatureWidth;
            var features = new float[scenes.Count][];
            var imageActivations = new ImageActivations(dual.Network.Shape);
            var pooled = new float[NetworkShape.PooledLength];
            var pixels = new float[scenes.Count * 3 * SceneGenerator.ImageSize * SceneGenerator.ImageSize];
            for (var i = 0; i < scenes.Count; i++)
            {
                features[i] = new float[featureLength];
                dual.Image(scenes[i].Image, imageActivations, pooled, new float[dual.Network.Shape.EmbedDimension], features[i]);
                Normalize(scenes[i].Image, pixels.AsSpan(i * 3 * SceneGenerator.ImageSize * SceneGenerator.ImageSize));
            }

            // Vision graph: the same feature tokens as the training code's grid.
            using (var vision = new InferenceSession(Path.Combine(dir, "onnx", "vision_model.onnx")))
            {
                var size = SceneGenerator.ImageSize;
                var input = new DenseTensor<float>(pixels, [scenes.Count, 3, size, size]);
                using var output = vision.Run([NamedOnnxValue.CreateFromTensor("pixel_values", input)]);
                var embeds = output.Single().AsTensor<float>();
                Assert.Equal([scenes.Count, dual.FeatureTokens, dual.FeatureWidth], embeds.Dimensions.ToArray());
                var flat = embeds.ToArray();
                for (var i = 0; i < scenes.Count; i++)
                {
                    for (var j = 0; j < featureLength; j++)
                    {
                        Assert.True(Math.Abs(flat[(i * featureLength) + j] - features[i][j]) <= 1e-4, $"image {i} feature {j}: {flat[(i * featureLength) + j]} vs {features[i][j]}");
                    }
                }
            }

            // Text matcher: 100 pairs (10 captions × 10 images) in one padded batch.
            var pairs = (from t in Enumerable.Range(0, 10) from i in Enumerable.Range(0, 10) select (Text: t, Image: i)).ToList();
            var tokenized = scenes.Select(s => trainer.Tokenize(s.Caption)).ToList();
            var sequence = tokenized.Max(t => t.Length) + 3;
            var ids = new long[pairs.Count * sequence];
            var mask = new long[pairs.Count * sequence];
            var image = new float[pairs.Count * featureLength];
            for (var p = 0; p < pairs.Count; p++)
            {
                var tokens = tokenized[pairs[p].Text];
                for (var t = 0; t < tokens.Length; t++)
                {
                    ids[(p * sequence) + t] = tokens[t];
                    mask[(p * sequence) + t] = 1;
                }

                features[pairs[p].Image].CopyTo(image, p * featureLength);
            }

            using var matcher = new InferenceSession(Path.Combine(dir, "onnx", "text_matcher.onnx"));
            using var results = matcher.Run(
            [
                NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, [pairs.Count, sequence])),
                NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, [pairs.Count, sequence])),
                NamedOnnxValue.CreateFromTensor("image_embeds", new DenseTensor<float>(image, [pairs.Count, dual.FeatureTokens, dual.FeatureWidth])),
                NamedOnnxValue.CreateFromTensor("image_attention_mask", new DenseTensor<long>(Enumerable.Repeat(1L, pairs.Count * dual.FeatureTokens).ToArray(), [pairs.Count, dual.FeatureTokens])),
            ]);
            var logits = results.Single().AsTensor<float>().ToArray();
            var a = new MatcherActivations(trainer.Network.Shape);
            var worst = 0.0;
            for (var p = 0; p < pairs.Count; p++)
            {
                trainer.Network.Forward(tokenized[pairs[p].Text], features[pairs[p].Image], a);
                worst = Math.Max(worst, Math.Max(Math.Abs(a.Logits[0] - logits[2 * p]), Math.Abs(a.Logits[1] - logits[(2 * p) + 1])));
            }

            Assert.True(worst <= 1e-4, $"largest logit difference {worst}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_runner_tokenizes_and_scores_pairs_as_the_training_code_does()
    {
        var trainer = new MatcherTrainer(Quick(), TestPaths.ShippedModel);
        trainer.Train();
        var dir = TestPaths.TempFolder("itm-runner");
        try
        {
            trainer.Export(dir);
            using var runner = Onnx.Matching.OnnxImageTextMatcherLoader.Load(dir);
            Assert.Equal("itm-test", runner.Id);
            var dual = trainer.DualEncoder;
            var scenes = new SceneGenerator(8).GenerateSplit(SceneSplit.Test, 20).ToList();
            var features = new float[scenes.Count * runner.FeatureLength];
            var imageActivations = new ImageActivations(dual.Network.Shape);
            var pooled = new float[NetworkShape.PooledLength];
            for (var i = 0; i < scenes.Count; i++)
            {
                dual.Image(scenes[i].Image, imageActivations, pooled, new float[dual.Network.Shape.EmbedDimension], features.AsSpan(i * runner.FeatureLength, runner.FeatureLength));
            }

            // Captions as written, shouted, punctuated, with unknown and accented words, and past 35 tokens.
            var texts = scenes.Select(s => s.Caption).Concat(
            [
                scenes[0].Caption.ToUpperInvariant(), scenes[1].Caption + ", please!", "a zebra's café on the left?",
                string.Join(' ', Enumerable.Repeat(scenes[2].Caption, 5)), "",
            ]).ToList();
            var a = new MatcherActivations(trainer.Network.Shape);
            var probabilities = new float[scenes.Count];
            var worst = 0.0;
            var worstText = "";
            foreach (var text in texts)
            {
                runner.Match(text, features, scenes.Count, probabilities);
                for (var i = 0; i < scenes.Count; i++)
                {
                    trainer.Network.Forward(trainer.Tokenize(text), features.AsSpan(i * runner.FeatureLength, runner.FeatureLength).ToArray(), a);
                    var difference = Math.Abs(probabilities[i] - MatcherNetwork.Probability(a));
                    if (difference > worst)
                    {
                        (worst, worstText) = (difference, text);
                    }
                }
            }

            Assert.True(worst <= 1e-4, $"largest probability difference {worst}, for \"{worstText}\"");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_same_seed_exports_byte_identical_graphs_and_another_seed_does_not()
    {
        var dirs = new[] { TestPaths.TempFolder("itm-a"), TestPaths.TempFolder("itm-b"), TestPaths.TempFolder("itm-c") };
        try
        {
            int[] seeds = [3, 3, 4];
            for (var i = 0; i < dirs.Length; i++)
            {
                var trainer = new MatcherTrainer(Quick(seeds[i]), TestPaths.ShippedModel);
                trainer.Train();
                trainer.Export(dirs[i]);
            }

            foreach (var file in new[] { "onnx/text_matcher.onnx", "onnx/vision_model.onnx", "vocab.txt", "config.json", "preprocessor_config.json" })
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(dirs[0], file)), File.ReadAllBytes(Path.Combine(dirs[1], file)));
            }

            Assert.NotEqual(File.ReadAllBytes(Path.Combine(dirs[0], "onnx/text_matcher.onnx")), File.ReadAllBytes(Path.Combine(dirs[2], "onnx/text_matcher.onnx")));
        }
        finally
        {
            foreach (var dir in dirs)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void The_shipped_reranker_finds_compositional_twins_the_dual_encoder_confuses()
    {
        var folder = Path.Combine(TestPaths.RepositoryRoot(), "models", "vlsearch-tiny-itm");
        using var runner = Onnx.Matching.OnnxImageTextMatcherLoader.Load(folder);
        var dual = TrainedDualEncoder.Load(TestPaths.ShippedModel);
        var scenes = CompositionalScenes.Generate(seed: 11, pairs: 150).SelectMany(t => new[] { t.A, t.B }).ToList();
        var size = SceneGenerator.ImageSize;
        var pixels = new float[scenes.Count * 3 * size * size];
        var features = new float[scenes.Count * runner.FeatureLength];
        var imageActivations = new ImageActivations(dual.Network.Shape);
        var textActivations = new TextActivations(dual.Network.Shape);
        var pooled = new float[NetworkShape.PooledLength];
        var images = new float[scenes.Count][];
        for (var i = 0; i < scenes.Count; i++)
        {
            Normalize(scenes[i].Image, pixels.AsSpan(i * 3 * size * size, 3 * size * size));
            images[i] = new float[dual.Network.Shape.EmbedDimension];
            dual.Image(scenes[i].Image, imageActivations, pooled, images[i], new float[dual.FeatureTokens * dual.FeatureWidth]);
        }

        runner.ExtractFeatures(pixels, scenes.Count, features);
        const int depth = 20;
        var (vectorRight, rerankRight) = (0, 0);
        var top = new float[depth * runner.FeatureLength];
        var probabilities = new float[depth];
        foreach (var query in scenes)
        {
            var text = new float[dual.Network.Shape.EmbedDimension];
            dual.Network.ForwardText(dual.Tokenize(query.Caption), textActivations, text);
            var ranked = Enumerable.Range(0, scenes.Count)
                .Select(i => (Id: i, Cosine: System.Numerics.Tensors.TensorPrimitives.Dot(text, images[i])))
                .OrderByDescending(x => x.Cosine).Take(depth).ToList();
            for (var k = 0; k < depth; k++)
            {
                features.AsSpan(ranked[k].Id * runner.FeatureLength, runner.FeatureLength).CopyTo(top.AsSpan(k * runner.FeatureLength));
            }

            runner.Match(query.Caption, top, depth, probabilities);
            var reranked = ranked.Select((x, k) => (x.Id, Score: x.Cosine + probabilities[k])).MaxBy(x => x.Score).Id;
            vectorRight += scenes[ranked[0].Id].Key == query.Key ? 1 : 0;
            rerankRight += scenes[reranked].Key == query.Key ? 1 : 0;
        }

        var (vector, rerank) = ((double)vectorRight / scenes.Count, (double)rerankRight / scenes.Count);
        Assert.True(rerank >= vector + 0.08, $"right at rank 1 among {scenes.Count} twins: dual encoder {vector:F3}, reranked {rerank:F3}");
    }

    [Fact]
    public void The_wordpiece_vocabulary_splits_unknown_words_into_pieces_and_truncates_with_sep_last()
    {
        var vocabulary = WordPieceVocabulary.Build(["a red circle on the left", "two blue squares"]);
        var red = vocabulary.Tokens.ToList().IndexOf("red");
        Assert.Equal([vocabulary.EncId, red, vocabulary.SepId], vocabulary.Encode("Red", 35, encFirst: true));
        Assert.Equal(vocabulary.ClsId, vocabulary.Encode("red", 35, encFirst: false)[0]);
        var zebra = vocabulary.Encode("zebra!", 35, encFirst: false).Select(i => vocabulary.Tokens[i]).ToArray();
        Assert.Equal(["[CLS]", "z", "##e", "##b", "##r", "##a", "!", "[SEP]"], zebra);
        var accents = vocabulary.Encode("café", 35, encFirst: false).Select(i => vocabulary.Tokens[i]);
        Assert.Equal("[CLS] c ##a ##f ##e [SEP]", string.Join(' ', accents));
        var longText = vocabulary.Encode(string.Join(' ', Enumerable.Repeat("red circle", 40)), 35, encFirst: true);
        Assert.Equal(35, longText.Length);
        Assert.Equal(vocabulary.SepId, longText[^1]);
        Assert.Equal(["[CLS]", "[SEP]"], vocabulary.Encode("   ", 35, encFirst: false).Select(i => vocabulary.Tokens[i]));
    }

    [Fact]
    public void Every_edit_changes_the_scene_key_and_twins_keep_the_objects_and_background()
    {
        var generator = new SceneGenerator(9);
        var changed = 0;
        for (var i = 0; i < 300; i++)
        {
            var (scene, layout) = generator.GenerateWithLayout(SceneSplit.Train, i);
            var rng = new Rng(9, 1, i);
            if (SceneEdits.Perturb(layout, ref rng) is { } edited)
            {
                Assert.NotEqual(scene.Key, edited.Key);
                changed++;
            }
        }

        Assert.True(changed >= 290, $"only {changed} of 300 scenes had an edit");
        foreach (var (a, b, swap) in CompositionalScenes.Generate(2, 30))
        {
            Assert.NotEqual(a.Key, b.Key);
            Assert.Equal(a.Key[(a.Key.IndexOf('/', StringComparison.Ordinal) + 1)..], b.Key[(b.Key.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            Assert.Contains(swap, SceneEdits.Swaps);
            Assert.NotEqual(a.Image.Pixels, b.Image.Pixels);
        }
    }

    private static void Normalize(Core.RgbImage image, Span<float> destination)
    {
        var spec = DualEncoderTrainer.Preprocess;
        var plane = image.Width * image.Height;
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                destination[(c * plane) + p] = ((image.Pixels[(p * 3) + c] * spec.RescaleFactor) - spec.Mean[c]) / spec.Std[c];
            }
        }
    }
}
