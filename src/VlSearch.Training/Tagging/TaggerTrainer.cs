using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json;
using VlSearch.Core.Tagging;
using VlSearch.Onnx.Tagging;
using VlSearch.Training.Matching;

namespace VlSearch.Training.Tagging;

/// <summary>
/// Trains the project's tiny object-and-attribute tagger on the synthetic scenes: vlsearch-tiny's convolutions give
/// 7×7 feature cells (the first frozen, the second trained from its weights unless
/// <see cref="TaggerOptions.TuneConvolution"/> is off), and small heads learn per cell whether an object's centre lies there, its shape,
/// colour and size, and its box. On the CPU, deterministically for a seed; exported in the DETR-style layout with one
/// query per cell.
/// </summary>
public sealed class TaggerTrainer
{
    /// <summary>Score threshold of the shipped evaluation (and the CLI's default).</summary>
    public const float DefaultMinScore = 0.5f;

    /// <summary>The seed of the shipped test split (samples/synthetic-test): every run is scored on the same scenes.</summary>
    public const int EvaluationSeed = 1;

    /// <summary>Boxes of one label overlapping more than this are one object seen from two cells.</summary>
    public const float IouThreshold = 0.4f;

    private readonly SceneGenerator _generator;
    private readonly TrainedDualEncoder _dual;
    private TaggerNetwork? _network;

    /// <param name="options">Schedule and sizes.</param>
    /// <param name="dualEncoderFolder">The trained dual encoder (vlsearch-tiny's folder) whose convolutions give the grid.</param>
    public TaggerTrainer(TaggerOptions options, string dualEncoderFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(dualEncoderFolder);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TrainScenes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchScenes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Hidden, 1);
        Options = options;
        _generator = new SceneGenerator(options.Seed);
        _dual = TrainedDualEncoder.Load(dualEncoderFolder);
    }

    public TaggerOptions Options { get; }

    /// <summary>The report of the last <see cref="Train"/> call.</summary>
    public TaggerReport? Report { get; private set; }

    internal TaggerNetwork Network => _network ?? throw new InvalidOperationException("Train first.");

    internal TrainedDualEncoder DualEncoder => _dual;

    /// <summary>Runs the whole schedule and returns (and keeps) the report.</summary>
    public TaggerReport Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var (features, grids, targets) = Scenes(SceneSplit.Train, Options.TrainScenes, cancellationToken);
        var net = new TaggerNetwork(_dual.FeatureWidth, Options.Hidden, Options.TuneConvolution ? _dual.Network.Shape.Conv2 : null);
        net.FitInputScale(grids);
        net.Initialize(Options.Seed);
        if (net.Conv2W is { } convW && net.Conv2B is { } convB)
        {
            _dual.Network.Conv2W.Of(_dual.Network.Values).CopyTo(convW.Of(net.Values));
            _dual.Network.Conv2B.Of(_dual.Network.Values).CopyTo(convB.Of(net.Values));
        }

        _network = net;
        var adam = new AdamOptimizer(net.Count);
        var activations = Chunked.PerChunk(() => new TaggerActivations(net));
        var chunkGradients = Chunked.PerChunk(() => new float[net.Count]);
        var chunkLosses = new double[Chunked.Count];
        var gradient = new float[net.Count];
        var stepsPerEpoch = (Options.TrainScenes + Options.BatchScenes - 1) / Options.BatchScenes;
        var totalSteps = stepsPerEpoch * Options.Epochs;
        var warmup = Math.Max(1, Math.Min(50, totalSteps / 10));
        var losses = new List<double>();
        var order = Enumerable.Range(0, Options.TrainScenes).ToArray();
        var step = 0;
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            var shuffle = new Rng(Options.Seed, 9200, epoch);
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = shuffle.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            var epochLoss = 0.0;
            for (var s = 0; s < stepsPerEpoch; s++, step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(s * Options.BatchScenes, Math.Min(Options.BatchScenes, order.Length - (s * Options.BatchScenes))).ToArray();
                foreach (var g in chunkGradients)
                {
                    Array.Clear(g);
                }

                Array.Clear(chunkLosses);
                var weight = 1f / batch.Length;
                Chunked.ForEach(batch.Length, cancellationToken, (c, i) =>
                {
                    Forward(net, features[batch[i]], activations[c]);
                    chunkLosses[c] += net.Backward(activations[c], targets[batch[i]], weight, chunkGradients[c]);
                });
                Array.Clear(gradient);
                foreach (var g in chunkGradients)
                {
                    TensorPrimitives.Add(gradient, g, gradient);
                }

                var lr = step < warmup
                    ? Options.LearningRate * (step + 1) / warmup
                    : Options.LearningRate * 0.5f * (1f + MathF.Cos(MathF.PI * (step - warmup) / Math.Max(1, totalSteps - warmup)));
                adam.Step(net.Values, gradient, lr);
                var loss = chunkLosses.Sum();
                epochLoss += loss * batch.Length;
                progress?.Report(new TrainingProgress(epoch + 1, Options.Epochs, s + 1, stepsPerEpoch, (float)loss, null));
            }

            losses.Add(Math.Round(epochLoss / order.Length, 4));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        TaggerMetrics? test = null;
        if (Options.EvaluationScenes > 0)
        {
            test = Evaluate(SceneSplit.Test, Options.EvaluationScenes, DefaultMinScore, cancellationToken);
        }

        Report = new TaggerReport
        {
            Model = Options.ModelName,
            DualEncoder = _dual.Name,
            Options = Options,
            Parameters = net.Count,
            TrainingSeconds = Math.Round(seconds, 1),
            Losses = losses,
            Test = test,
        };
        return Report;
    }

    /// <summary>Scores the C# network on the first <paramref name="count"/> scenes of a split, decoded as the export is.</summary>
    internal TaggerMetrics Evaluate(SceneSplit split, int count, float minScore, CancellationToken cancellationToken)
    {
        var net = Network;
        var generator = new SceneGenerator(EvaluationSeed);
        var predicted = new IReadOnlyList<DetectedObject>[count];
        var truth = new IReadOnlyList<DetectedObject>[count];
        var activations = Chunked.PerChunk(() => new TaggerActivations(net));
        var imageActivations = Chunked.PerChunk(() => new ImageActivations(_dual.Network.Shape));
        var pooled = Chunked.PerChunk(() => new float[NetworkShape.PooledLength]);
        var embeddings = Chunked.PerChunk(() => new float[_dual.Network.Shape.EmbedDimension]);
        Chunked.ForEach(count, cancellationToken, (c, i) =>
        {
            var (scene, layout) = generator.GenerateWithLayout(split, i);
            var grid = new float[_dual.FeatureTokens * _dual.FeatureWidth];
            _dual.Image(scene.Image, imageActivations[c], pooled[c], embeddings[c], grid);
            Forward(net, net.Conv2 is null ? grid : imageActivations[c].Out1, activations[c]);
            predicted[i] = Decode(activations[c], minScore);
            truth[i] = TaggerEvaluation.Truth(layout);
        });
        return TaggerEvaluation.Score(predicted, truth, minScore);
    }

    /// <summary>The heads on a grid, or the trained convolution and the heads on the first convolution's output.</summary>
    internal static void Forward(TaggerNetwork net, float[] input, TaggerActivations a)
    {
        if (net.Conv2 is null)
        {
            net.Forward(input, a);
        }
        else
        {
            net.ForwardFromConv1(input, a);
        }
    }

    /// <summary>The objects of the last forward pass, decoded as the DETR-style runner decodes the export.</summary>
    internal static IReadOnlyList<DetectedObject> Decode(TaggerActivations a, float minScore)
    {
        var found = new List<DetectedObject>();
        var classes = TaggerNetwork.Classes;
        var probabilities = new float[classes + 1];
        Span<float> box = stackalloc float[4];
        for (var cell = 0; cell < TaggerNetwork.Cells; cell++)
        {
            var output = a.Outputs.AsSpan(cell * TaggerNetwork.OutputWidth, TaggerNetwork.OutputWidth);
            DetectorDecoding.Softmax(output[..(classes + 1)], probabilities);
            var best = 0;
            for (var k = 1; k < classes; k++)
            {
                best = probabilities[k] > probabilities[best] ? k : best;
            }

            if (probabilities[best] < minScore)
            {
                continue;
            }

            TaggerNetwork.Box(cell, output[(classes + 1 + TaggerNetwork.AttributeCount)..], box);
            var attributes = new List<LabelScore>();
            for (var k = 0; k < TaggerNetwork.AttributeCount; k++)
            {
                var score = TaggerNetwork.Sigmoid(output[classes + 1 + k]);
                if (score >= 0.5f)
                {
                    attributes.Add(new LabelScore(TaggerVocabulary.Attributes[k], score));
                }
            }

            attributes.Sort((x, y) => y.Score.CompareTo(x.Score));
            found.Add(new DetectedObject(TaggerVocabulary.Objects[best], probabilities[best], DetectorDecoding.FromCenter(box[0], box[1], box[2], box[3]), attributes));
        }

        return DetectorDecoding.SuppressOverlaps(found, IouThreshold);
    }

    /// <summary>Writes the model folder: onnx/model.onnx, config.json, preprocessor_config.json, training-report.json.</summary>
    public void Export(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var net = Network;
        var onnx = Path.Combine(directory, "onnx");
        Directory.CreateDirectory(onnx);
        var vision = new Dictionary<string, float[]>(_dual.VisionWeights, StringComparer.Ordinal);
        if (net.Conv2W is { } convW && net.Conv2B is { } convB)
        {
            vision["conv2.weight"] = convW.Of(net.Values).ToArray();
            vision["conv2.bias"] = convB.Of(net.Values).ToArray();
        }

        File.WriteAllBytes(Path.Combine(onnx, "model.onnx"), TaggerExporter.Model(net, vision, _dual.Network.Shape));
        var indented = new JsonSerializerOptions { WriteIndented = true };
        var utf8 = new UTF8Encoding(false);
        File.WriteAllText(Path.Combine(directory, "config.json"), TaggerExporter.Config(Options.ModelName, IouThreshold).ToJsonString(indented) + "\n", utf8);
        File.WriteAllText(Path.Combine(directory, "preprocessor_config.json"), TaggerExporter.Preprocessor().ToJsonString(indented) + "\n", utf8);
        if (Report is not null)
        {
            File.WriteAllText(Path.Combine(directory, "training-report.json"), JsonSerializer.Serialize(Report, TrainingJson.Report) + "\n", utf8);
        }
    }

    /// <summary>
    /// The network inputs (frozen grids, or the first convolution's outputs when the second is trained), the frozen
    /// grids of up to 1000 of them (to fit the input scale) and the per-cell targets of the first
    /// <paramref name="count"/> scenes of a split.
    /// </summary>
    internal (float[][] Inputs, float[][] Grids, TaggerTarget[][] Targets) Scenes(SceneSplit split, int count, CancellationToken cancellationToken)
    {
        var features = new float[count][];
        var grids = new float[Math.Min(count, 1000)][];
        var targets = new TaggerTarget[count][];
        var imageActivations = Chunked.PerChunk(() => new ImageActivations(_dual.Network.Shape));
        var pooled = Chunked.PerChunk(() => new float[NetworkShape.PooledLength]);
        var embeddings = Chunked.PerChunk(() => new float[_dual.Network.Shape.EmbedDimension]);
        Chunked.ForEach(count, cancellationToken, (c, i) =>
        {
            var (scene, layout) = _generator.GenerateWithLayout(split, i);
            var grid = new float[_dual.FeatureTokens * _dual.FeatureWidth];
            _dual.Image(scene.Image, imageActivations[c], pooled[c], embeddings[c], grid);
            features[i] = Options.TuneConvolution ? imageActivations[c].Out1.ToArray() : grid;
            if (i < grids.Length)
            {
                grids[i] = grid;
            }

            targets[i] = TaggerTarget.For(layout);
        });
        return (features, grids, targets);
    }
}
