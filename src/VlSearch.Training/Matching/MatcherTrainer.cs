using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Training.Matching;

/// <summary>
/// Trains the project's image–text matching cross-encoder on the synthetic captioned scenes with the ITM loss, on
/// hard negatives mined by a trained dual encoder (a caption and an image drawn by its similarity, as ALBEF does) plus
/// a swapped-attribute caption per scene; on the CPU, deterministically for a given seed; and exports it in the split
/// BLIP-ITM layout.
/// </summary>
public sealed class MatcherTrainer
{
    private readonly SceneGenerator _generator;
    private readonly TrainedDualEncoder _dual;
    private WordPieceVocabulary? _vocabulary;
    private MatcherNetwork? _network;

    /// <param name="options">Schedule and sizes.</param>
    /// <param name="dualEncoderFolder">The trained dual encoder (vlsearch-tiny's folder): negatives and image grid.</param>
    public MatcherTrainer(MatcherOptions options, string dualEncoderFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(dualEncoderFolder);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ScenesPerStep, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLength, 4);
        Options = options;
        _generator = new SceneGenerator(options.Seed);
        _dual = TrainedDualEncoder.Load(dualEncoderFolder);
    }

    public MatcherOptions Options { get; }

    /// <summary>The report of the last <see cref="Train"/> call.</summary>
    public MatcherReport? Report { get; private set; }

    internal MatcherNetwork Network => _network ?? throw new InvalidOperationException("Train or Prepare first.");

    internal WordPieceVocabulary Vocabulary => _vocabulary ?? throw new InvalidOperationException("Train or Prepare first.");

    internal TrainedDualEncoder DualEncoder => _dual;

    /// <summary>Collects the vocabulary and initializes the weights (done by <see cref="Train"/>).</summary>
    public void Prepare()
    {
        var corpus = Enumerable.Range(0, Options.VocabularyCorpus).Select(i => _generator.Describe(SceneSplit.Train, i).Caption);
        _vocabulary = WordPieceVocabulary.Build(corpus);
        _network = new MatcherNetwork(new MatcherShape(_vocabulary.Count, Options.Width, Options.Hidden, Options.MaxLength, _dual.FeatureTokens, _dual.FeatureWidth));
        _network.Initialize(Options.Seed);
    }

    /// <summary>Token ids as the exported model reads them: [ENC] … [SEP], at most <see cref="MatcherOptions.MaxLength"/>.</summary>
    internal int[] Tokenize(string text) => Vocabulary.Encode(text, Options.MaxLength, encFirst: true);

    /// <summary>Runs the whole schedule and returns (and keeps) the report.</summary>
    public MatcherReport Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        Prepare();
        var net = Network;
        var p = Options.ScenesPerStep;
        var adam = new AdamOptimizer(net.Count);
        var warmup = Math.Max(1, Math.Min(50, Options.Steps / 10));
        var batch = new SceneBatch(this, p);
        var activations = Chunked.PerChunk(() => new MatcherActivations(net.Shape));
        var chunkGradients = Chunked.PerChunk(() => new float[net.Count]);
        var chunkLosses = new double[Chunked.Count];
        var gradient = new float[net.Count];
        var losses = new List<double>();
        var windowLoss = 0.0;
        var windowSteps = 0;
        var window = Math.Max(1, Options.Steps / 10);
        for (var step = 0; step < Options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pairs = batch.Load(SceneSplit.Train, (long)step * p, step, cancellationToken);
            foreach (var g in chunkGradients)
            {
                Array.Clear(g);
            }

            Array.Clear(chunkLosses);
            var weight = 1f / pairs.Count;
            Chunked.ForEach(pairs.Count, cancellationToken, (c, i) =>
            {
                var (ids, features, match) = pairs[i];
                net.Forward(ids, features, activations[c]);
                chunkLosses[c] += net.Backward(activations[c], match, weight, chunkGradients[c]);
            });
            Array.Clear(gradient);
            foreach (var g in chunkGradients)
            {
                TensorPrimitives.Add(gradient, g, gradient);
            }

            var lr = step < warmup
                ? Options.LearningRate * (step + 1) / warmup
                : Options.LearningRate * 0.5f * (1f + MathF.Cos(MathF.PI * (step - warmup) / Math.Max(1, Options.Steps - warmup)));
            adam.Step(net.Values, gradient, lr);
            var loss = chunkLosses.Sum() / pairs.Count;
            windowLoss += loss;
            windowSteps++;
            if (windowSteps == window || step == Options.Steps - 1)
            {
                losses.Add(Math.Round(windowLoss / windowSteps, 4));
                windowLoss = 0;
                windowSteps = 0;
            }

            progress?.Report(new TrainingProgress(1, 1, step + 1, Options.Steps, (float)loss, null));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        RetrievalMetrics? testVector = null, testReranked = null, twinVector = null, twinReranked = null;
        if (Options.EvaluationScenes > 0)
        {
            var scenes = Enumerable.Range(0, Options.EvaluationScenes).Select(i => _generator.Generate(SceneSplit.Test, i)).ToList();
            (testVector, testReranked) = Evaluate(scenes, cancellationToken);
        }

        if (Options.CompositionalPairs > 0)
        {
            var twins = CompositionalScenes.Generate(Options.Seed, Options.CompositionalPairs, cancellationToken).SelectMany(t => new[] { t.A, t.B }).ToList();
            (twinVector, twinReranked) = Evaluate(twins, cancellationToken);
        }

        Report = new MatcherReport
        {
            Model = Options.ModelName,
            DualEncoder = _dual.Name,
            Options = Options,
            Parameters = net.Count,
            VocabularySize = Vocabulary.Count,
            TrainingSeconds = Math.Round(seconds, 1),
            Losses = losses,
            TestVector = testVector,
            TestReranked = testReranked,
            CompositionalVector = twinVector,
            CompositionalReranked = twinReranked,
        };
        return Report;
    }

    /// <summary>
    /// Ranks every scene's caption against every scene's image with the dual encoder, then reranks its top K by
    /// cosine + ITM probability (BLIP's sum) — what the product's vector+rerank pipeline does.
    /// </summary>
    internal (RetrievalMetrics Vector, RetrievalMetrics Reranked) Evaluate(IReadOnlyList<GeneratedScene> scenes, CancellationToken cancellationToken)
    {
        var net = Network;
        var count = scenes.Count;
        var e = _dual.Network.Shape.EmbedDimension;
        var images = new float[count][];
        var texts = new float[count][];
        var features = new float[count][];
        var ids = new int[count][];
        var imageActivations = Chunked.PerChunk(() => new ImageActivations(_dual.Network.Shape));
        var textActivations = Chunked.PerChunk(() => new TextActivations(_dual.Network.Shape));
        var pooled = Chunked.PerChunk(() => new float[NetworkShape.PooledLength]);
        Chunked.ForEach(count, cancellationToken, (c, i) =>
        {
            images[i] = new float[e];
            texts[i] = new float[e];
            features[i] = new float[_dual.FeatureTokens * _dual.FeatureWidth];
            _dual.Image(scenes[i].Image, imageActivations[c], pooled[c], images[i], features[i]);
            _dual.Network.ForwardText(_dual.Tokenize(scenes[i].Caption), textActivations[c], texts[i]);
            ids[i] = Tokenize(scenes[i].Caption);
        });
        var byKey = scenes.Select((s, i) => (s.Key, i)).GroupBy(x => x.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<int>)g.Select(x => x.i).ToHashSet(), StringComparer.Ordinal);
        var relevant = scenes.Select(s => byKey[s.Key]).ToList();
        var vectorRankings = new List<int>[count];
        var rerankedRankings = new List<int>[count];
        var depth = Math.Min(Options.EvaluationDepth, count);
        var activations = Chunked.PerChunk(() => new MatcherActivations(net.Shape));
        var chunkCosines = Chunked.PerChunk(() => new float[count]);
        Chunked.ForEach(count, cancellationToken, (c, q) =>
        {
            var (a, cosines) = (activations[c], chunkCosines[c]);
            for (var i = 0; i < count; i++)
            {
                cosines[i] = TensorPrimitives.Dot(texts[q], images[i]);
            }

            var order = Enumerable.Range(0, count).OrderByDescending(i => cosines[i]).ThenBy(i => i).ToList();
            vectorRankings[q] = order;
            var top = order.Take(depth).Select(i =>
            {
                net.Forward(ids[q], features[i], a);
                return (Id: i, Score: cosines[i] + MatcherNetwork.Probability(a));
            }).OrderByDescending(x => x.Score).ThenBy(x => x.Id).Select(x => x.Id);
            rerankedRankings[q] = [.. top.Concat(order.Skip(depth))];
        });
        return (RetrievalEvaluator.Score(vectorRankings, relevant, count).Rounded(), RetrievalEvaluator.Score(rerankedRankings, relevant, count).Rounded());
    }

    /// <summary>
    /// Writes the model folder in the split BLIP-ITM layout: the two graphs, vocab.txt, configs, a README and, after
    /// training, <c>training-report.json</c>.
    /// </summary>
    public void Export(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var net = Network;
        var onnx = Path.Combine(directory, "onnx");
        Directory.CreateDirectory(onnx);
        File.WriteAllBytes(Path.Combine(onnx, "vision_model.onnx"), MatcherExporter.VisionModel(_dual.VisionWeights, _dual.Network.Shape));
        File.WriteAllBytes(Path.Combine(onnx, "text_matcher.onnx"), MatcherExporter.TextMatcher(net));
        Vocabulary.Write(Path.Combine(directory, "vocab.txt"));
        var spec = DualEncoderTrainer.Preprocess;
        var config = new JsonObject
        {
            ["_name_or_path"] = Options.ModelName,
            ["architectures"] = new JsonArray("BlipForImageTextRetrieval"),
            ["model_type"] = "blip",
            ["max_text_length"] = Options.MaxLength,
            ["enc_token_id"] = Vocabulary.EncId,
            ["dual_encoder"] = _dual.Name,
            ["text_config"] = new JsonObject
            {
                ["vocab_size"] = Vocabulary.Count,
                ["hidden_size"] = Options.Width,
                ["max_position_embeddings"] = Options.MaxLength,
                ["pad_token_id"] = Vocabulary.PadId,
                ["sep_token_id"] = Vocabulary.SepId,
            },
            ["vision_config"] = new JsonObject
            {
                ["image_size"] = SceneGenerator.ImageSize,
                ["num_feature_tokens"] = net.Shape.FeatureTokens,
                ["hidden_size"] = net.Shape.FeatureWidth,
            },
        };
        var preprocessor = new JsonObject
        {
            ["image_processor_type"] = "BlipImageProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["height"] = SceneGenerator.ImageSize, ["width"] = SceneGenerator.ImageSize },
            ["resample"] = 3,
            ["do_rescale"] = true,
            ["rescale_factor"] = 1.0 / 255.0,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray([.. spec.Mean.Select(v => (JsonNode?)JsonValue.Create((double)v))]),
            ["image_std"] = new JsonArray([.. spec.Std.Select(v => (JsonNode?)JsonValue.Create((double)v))]),
            ["do_convert_rgb"] = true,
        };
        var tokenizer = new JsonObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = true,
            ["model_max_length"] = Options.MaxLength,
            ["unk_token"] = WordPieceVocabulary.Unknown,
            ["sep_token"] = WordPieceVocabulary.Sep,
            ["pad_token"] = WordPieceVocabulary.Pad,
            ["cls_token"] = WordPieceVocabulary.Cls,
            ["mask_token"] = WordPieceVocabulary.Mask,
        };
        WriteJson(Path.Combine(directory, "config.json"), config);
        WriteJson(Path.Combine(directory, "preprocessor_config.json"), preprocessor);
        WriteJson(Path.Combine(directory, "tokenizer_config.json"), tokenizer);
        File.WriteAllText(Path.Combine(directory, "README.md"), Readme(net), new UTF8Encoding(false));
        if (Report is not null)
        {
            File.WriteAllText(Path.Combine(directory, "training-report.json"), JsonSerializer.Serialize(Report, TrainingJson.Report) + "\n", new UTF8Encoding(false));
        }
    }

    private string Readme(MatcherNetwork net) => $$"""
        # {{Options.ModelName}}

        A small image–text matching cross-encoder ({{net.Count}} parameters) that reranks the top of a search: the query's
        tokens attend to a photo's feature tokens and a head says match or no match, as BLIP's ITM head does. It knows
        only the synthetic world of `VlSearch.Training` (coloured shapes, sizes, counts, places, backgrounds) and exists
        so that reranking works and is tested offline.

        - Layout: the split BLIP-ITM layout of `docs/models.md` — `onnx/vision_model.onnx` (pixel_values →
          image_embeds [batch, {{net.Shape.FeatureTokens}}, {{net.Shape.FeatureWidth}}]) and `onnx/text_matcher.onnx` (input_ids, attention_mask,
          image_embeds, image_attention_mask → itm_logits [batch, 2]); BERT WordPiece `vocab.txt`; the first token is
          `[ENC]` (`enc_token_id`); at most {{Options.MaxLength}} tokens; 224 × 224, CLIP's mean and std.
        - Image features: {{_dual.Name}}'s two convolutions, rearranged 2×2 space-to-depth into a 7 × 7 grid (its
          weights are copied, frozen). Text: token and position embeddings, three residual width-3 convolutions
          (dilation 1, 2, 4); one cross-attention head; per token, its state, what it found, their product and how
          strongly anything answered (log-sum-exp of its attention scores) are fused; averaged; two-way head.
        - Trained with the ITM loss on hard negatives: per scene a caption and an image drawn by {{_dual.Name}}'s
          similarity (uniform at first, sharpening over the first third), a caption with one attribute changed and, for
          two-object scenes, the captions with colours, sizes or places swapped.

        Reproduce (about 6 minutes on 2 idle cores): `vlsearch train-itm --seed {{Options.Seed}} --out models/{{Options.ModelName}}`
        (byte-identical graphs for the same seed). `training-report.json` holds the options, time, losses and the test
        split and compositional-twin metrics, vector-only beside reranked.

        """;

    private static void WriteJson(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", new UTF8Encoding(false));

    /// <summary>One step's scenes, their dual-encoder embeddings and features, and the pairs mined from them.</summary>
    private sealed class SceneBatch
    {
        private readonly MatcherTrainer _trainer;
        private readonly int _size;
        private readonly float[][] _images;
        private readonly float[][] _texts;
        private readonly float[][] _features;
        private readonly int[][] _ids;
        private readonly int[][] _edited;
        private readonly int[][][] _swapped;
        private readonly string[] _keys;
        private readonly ImageActivations[] _imageActivations;
        private readonly TextActivations[] _textActivations;
        private readonly float[][] _pooled;

        public SceneBatch(MatcherTrainer trainer, int size)
        {
            _trainer = trainer;
            _size = size;
            var shape = trainer._dual.Network.Shape;
            _images = [.. Enumerable.Range(0, size).Select(_ => new float[shape.EmbedDimension])];
            _texts = [.. Enumerable.Range(0, size).Select(_ => new float[shape.EmbedDimension])];
            _ids = new int[size][];
            _edited = new int[size][];
            _swapped = new int[size][][];
            _keys = new string[size];
            _imageActivations = Chunked.PerChunk(() => new ImageActivations(shape));
            _textActivations = Chunked.PerChunk(() => new TextActivations(shape));
            _pooled = Chunked.PerChunk(() => new float[NetworkShape.PooledLength]);
            _features = new float[size][];
        }

        public List<(int[] Ids, float[] Features, bool Match)> Load(SceneSplit split, long first, int step, CancellationToken cancellationToken)
        {
            var dual = _trainer._dual;
            Chunked.ForEach(_size, cancellationToken, (c, i) =>
            {
                var (scene, layout) = _trainer._generator.GenerateWithLayout(split, first + i);
                // Features are new arrays each step: pairs of this step keep references to them.
                _features[i] = new float[dual.FeatureTokens * dual.FeatureWidth];
                dual.Image(scene.Image, _imageActivations[c], _pooled[c], _images[i], _features[i]);
                dual.Network.ForwardText(dual.Tokenize(scene.Caption), _textActivations[c], _texts[i]);
                _ids[i] = _trainer.Tokenize(scene.Caption);
                _keys[i] = scene.Key;
                var rng = new Rng(_trainer.Options.Seed, 3000, first + i);
                var edited = SceneEdits.Perturb(layout, ref rng);
                _edited[i] = edited is null ? [] : _trainer.Tokenize(SceneGenerator.Caption(edited, ref rng));

                // Pair scenes also get each binding swap as a negative (colours, sizes, places exchanged): the
                // confusions a dual encoder cannot see and the reason a cross-encoder exists.
                _swapped[i] = [.. SceneEdits.Swaps.Select(swap => SceneEdits.Swap(layout, swap)).OfType<SceneLayout>()
                    .Select(twin => _trainer.Tokenize(SceneGenerator.Caption(twin, ref rng)))];
            });

            var pairs = new List<(int[], float[], bool)>(_size * 4);
            var weights = new double[_size];
            // Curriculum: negatives start uniform (easy on average) and sharpen to the dual encoder's own
            // similarity over the first third, so the matcher learns the coarse signal before the fine one.
            var ramp = Math.Max(1, _trainer.Options.Steps / 3);
            var scale = _trainer._dual.Scale * Math.Min(1f, (float)step / ramp);
            var sampler = new Rng(_trainer.Options.Seed, 4000, step);
            for (var i = 0; i < _size; i++)
            {
                pairs.Add((_ids[i], _features[i], true));
                if (Sample(i, byImage: true, scale, weights, ref sampler) is var j and >= 0)
                {
                    pairs.Add((_ids[j], _features[i], false));
                }

                if (Sample(i, byImage: false, scale, weights, ref sampler) is var k and >= 0)
                {
                    pairs.Add((_ids[i], _features[k], false));
                }

                if (_edited[i].Length > 0)
                {
                    pairs.Add((_edited[i], _features[i], false));
                }

                foreach (var swapped in _swapped[i])
                {
                    pairs.Add((swapped, _features[i], false));
                }
            }

            return pairs;
        }

        /// <summary>
        /// A negative for anchor <paramref name="anchor"/> drawn with probability ∝ exp(scale · similarity): a caption
        /// for its image, or an image for its caption; scenes with the anchor's key are never negatives.
        /// </summary>
        private int Sample(int anchor, bool byImage, float scale, double[] weights, ref Rng rng)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < _size; j++)
            {
                weights[j] = string.Equals(_keys[j], _keys[anchor], StringComparison.Ordinal)
                    ? double.NegativeInfinity
                    : scale * (byImage ? TensorPrimitives.Dot(_images[anchor], _texts[j]) : TensorPrimitives.Dot(_texts[anchor], _images[j]));
                max = Math.Max(max, weights[j]);
            }

            if (double.IsNegativeInfinity(max))
            {
                return -1;
            }

            var total = 0.0;
            for (var j = 0; j < _size; j++)
            {
                weights[j] = double.IsNegativeInfinity(weights[j]) ? 0 : Math.Exp(weights[j] - max);
                total += weights[j];
            }

            var target = rng.NextFloat() * total;
            for (var j = 0; j < _size; j++)
            {
                target -= weights[j];
                if (target <= 0 && weights[j] > 0)
                {
                    return j;
                }
            }

            return Array.FindLastIndex(weights, w => w > 0);
        }
    }
}
