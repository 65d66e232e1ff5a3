using System.Diagnostics;
using System.Text.Json;
using VlSearch.Core;
using VlSearch.Core.Tagging;
using VlSearch.Onnx;

namespace VlSearch.Training;

/// <summary>
/// Trains a small CLIP-style dual encoder on synthetic captioned scenes with the symmetric contrastive (InfoNCE)
/// loss, on the CPU, deterministically for a given seed, and exports it as a Hugging Face–layout CLIP model folder
/// that loads like any downloaded model.
/// </summary>
public sealed class DualEncoderTrainer
{
    private readonly SceneGenerator _generator;
    private List<string> _merges = [];
    private Dictionary<string, int> _vocabulary = [];
    private SortedSet<string> _knownWords = new(StringComparer.Ordinal);
    private ClipTokenizer? _tokenizer;
    private DualEncoderNetwork? _network;

    public DualEncoderTrainer(DualEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ContextLength, 8);
        ArgumentOutOfRangeException.ThrowIfNegative(options.WordLossWeight);
        Options = options;
        _generator = new SceneGenerator(options.Seed);
    }

    public DualEncoderOptions Options { get; }

    /// <summary>The preprocessing the exported model declares (CLIP's mean/std at 224).</summary>
    public static PreprocessSpec Preprocess { get; } = new();

    /// <summary>The report of the last <see cref="Train"/> call.</summary>
    public TrainingReport? Report { get; private set; }

    internal DualEncoderNetwork Network => _network ?? throw new InvalidOperationException("Train or Prepare first.");

    internal ClipTokenizer Tokenizer => _tokenizer ?? throw new InvalidOperationException("Train or Prepare first.");

    internal IReadOnlyList<string> MergeList => _merges;

    internal IReadOnlyDictionary<string, int> Vocabulary => _vocabulary;

    /// <summary>The words of the captions the tokenizer was learned from, written as the model's known words.</summary>
    internal IReadOnlySet<string> KnownWords => _knownWords;

    /// <summary>
    /// Learns the vocabulary and initializes the weights (done by <see cref="Train"/>; exposed so that an untrained
    /// network can be exported and checked).
    /// </summary>
    public void Prepare()
    {
        var corpus = Enumerable.Range(0, Options.VocabularyCorpus)
            .Select(i => _generator.Describe(SceneSplit.Train, i).Caption).ToList();
        _merges = BpeMergeLearner.Learn(corpus);
        _knownWords = new SortedSet<string>(corpus.SelectMany(ZeroShotPrompting.Words), StringComparer.Ordinal);
        _vocabulary = ClipVocabulary.Build(_merges);
        _tokenizer = ClipTokenizer.Create(_vocabulary, _merges, Options.ContextLength);
        _network = new DualEncoderNetwork(NetworkShape.From(Options, _vocabulary.Count));
        _network.Initialize(Options.Seed);
    }

    /// <summary>Runs the whole schedule and returns (and keeps) the report.</summary>
    public TrainingReport Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        Prepare();
        var net = Network;
        var shape = net.Shape;
        var d = shape.EmbedDimension;
        var batch = Options.BatchSize;
        var stepsPerEpoch = Math.Max(1, Options.SamplesPerEpoch / batch);
        var totalSteps = stepsPerEpoch * Options.Epochs;
        var warmup = Math.Max(1, Math.Min(50, totalSteps / 10));
        var adam = new AdamOptimizer(net.Count);

        var pixels = new float[batch][];
        var ids = new int[batch][];
        var groups = new int[batch];
        var keys = new string[batch];
        var captions = new string[batch];
        var images = new ImageActivations[batch];
        var texts = new TextActivations[batch];
        for (var i = 0; i < batch; i++)
        {
            pixels[i] = new float[NetworkShape.PooledLength];
            images[i] = new ImageActivations(shape);
            texts[i] = new TextActivations(shape);
        }

        var imageEmbeddings = new float[batch * d];
        var textEmbeddings = new float[batch * d];
        var dImages = new float[batch * d];
        var dTexts = new float[batch * d];
        var chunkGradients = Chunked.PerChunk(() => new float[net.Count]);
        var gradient = new float[net.Count];
        var head = Options.WordLossWeight > 0 ? new WordPredictionHead([.. _knownWords], d, Options.Seed) : null;
        var headAdam = head is null ? null : new AdamOptimizer(head.Values.Length);
        var headGradient = head is null ? [] : new float[head.Values.Length];
        var targets = new int[batch][];
        var validation = new EvaluationSet(this, SceneSplit.Validation, Options.ValidationSamples);
        var epochLosses = new List<double>();
        RetrievalMetrics? validationMetrics = null;

        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            var epochLoss = 0.0;
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var first = ((long)epoch * stepsPerEpoch + step) * batch;
                Parallel.For(0, batch, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                {
                    var scene = _generator.Generate(SceneSplit.Train, first + i);
                    PixelPooling.Pool(scene.Image, Preprocess, pixels[i]);
                    keys[i] = scene.Key;
                    captions[i] = scene.Caption;
                });
                // Scenes with the same description in one batch are all positives of each other.
                var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < batch; i++)
                {
                    ids[i] = Tokenize(captions[i]);
                    groups[i] = groupOf.TryGetValue(keys[i], out var g) ? g : groupOf[keys[i]] = groupOf.Count;
                }

                Chunked.ForEach(batch, cancellationToken, (_, i) =>
                {
                    net.ForwardImage(pixels[i], images[i], imageEmbeddings.AsSpan(i * d, d));
                    net.ForwardText(ids[i], texts[i], textEmbeddings.AsSpan(i * d, d));
                });
                var scale = net.Scale;
                var loss = ContrastiveLoss.Compute(imageEmbeddings, textEmbeddings, d, scale, groups, groups, dImages, dTexts, out var dScale);
                if (head is not null)
                {
                    for (var i = 0; i < batch; i++)
                    {
                        targets[i] = head.Targets(captions[i]);
                    }

                    Array.Clear(headGradient);
                    loss += head.Compute(imageEmbeddings, batch, targets, Options.WordLossWeight, dImages, headGradient);
                    loss += head.Compute(textEmbeddings, batch, targets, Options.WordLossWeight, dTexts, headGradient);
                }

                foreach (var g in chunkGradients)
                {
                    Array.Clear(g);
                }

                Chunked.ForEach(batch, cancellationToken, (c, i) =>
                {
                    net.BackwardImage(images[i], dImages.AsSpan(i * d, d), chunkGradients[c]);
                    net.BackwardText(texts[i], dTexts.AsSpan(i * d, d), chunkGradients[c]);
                });
                Array.Clear(gradient);
                foreach (var g in chunkGradients)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(gradient, g, gradient);
                }

                // d/d(log s) = s·dL/ds; frozen once the scale reaches CLIP's cap of 100.
                net.LogitScale.Of(gradient)[0] = scale < 99.99f ? dScale * scale : 0f;
                var t = (epoch * stepsPerEpoch) + step;
                var lr = t < warmup
                    ? Options.LearningRate * (t + 1) / warmup
                    : Options.LearningRate * 0.5f * (1f + MathF.Cos(MathF.PI * (t - warmup) / Math.Max(1, totalSteps - warmup)));
                adam.Step(net.Values, gradient, lr);
                if (head is not null)
                {
                    headAdam!.Step(head.Values, headGradient, lr);
                }

                epochLoss += loss;
                progress?.Report(new TrainingProgress(epoch + 1, Options.Epochs, step + 1, stepsPerEpoch, loss, null));
            }

            epochLosses.Add(epochLoss / stepsPerEpoch);
            validationMetrics = validation.Evaluate(cancellationToken);
            progress?.Report(new TrainingProgress(epoch + 1, Options.Epochs, stepsPerEpoch, stepsPerEpoch, (float)epochLosses[^1], validationMetrics));
        }

        validationMetrics ??= validation.Evaluate(cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var test = Options.TestSamples > 0
            ? new EvaluationSet(this, SceneSplit.Test, Options.TestSamples).Evaluate(cancellationToken)
            : null;
        Report = new TrainingReport
        {
            Model = Options.ModelName,
            Options = Options,
            Parameters = net.Count,
            VocabularySize = _vocabulary.Count,
            Merges = _merges.Count,
            TrainingSeconds = Math.Round(seconds, 1),
            EpochLosses = [.. epochLosses.Select(l => Math.Round(l, 4))],
            Validation = validationMetrics.Rounded(),
            Test = test?.Rounded(),
            LogitScale = net.Scale,
        };
        return Report;
    }

    /// <summary>
    /// Writes the model folder (Hugging Face CLIP layout: ONNX towers, tokenizer files, configs), the zero-shot side
    /// files (the captions' words, prompt templates in the captions' style) and, after training,
    /// <c>training-report.json</c>.
    /// </summary>
    public void Export(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var net = Network;
        var export = new ClipModelExport
        {
            Name = Options.ModelName,
            VisionModel = DualEncoderExporter.VisionModel(net),
            TextModel = DualEncoderExporter.TextModel(net),
            Vocabulary = _vocabulary,
            Merges = _merges,
            EmbedDimension = net.Shape.EmbedDimension,
            ContextLength = Options.ContextLength,
            Preprocess = Preprocess,
        };
        ClipModelDirectory.Write(directory, export, ClipModelLayout.HuggingFace);
        // Side files only: the ONNX graphs and tokenizer files stay byte-identical for a seed.
        ZeroShotPromptingFiles.Write(directory, _knownWords, SceneTemplates.ZeroShot);
        if (Report is not null)
        {
            File.WriteAllText(Path.Combine(directory, "training-report.json"), JsonSerializer.Serialize(Report, TrainingJson.Report) + "\n");
        }
    }

    /// <summary>Token ids (start … end) of <paramref name="text"/>, truncated to the context length.</summary>
    internal int[] Tokenize(string text)
    {
        var padded = new long[Options.ContextLength];
        var count = Tokenizer.EncodePadded(text, padded, default);
        return [.. padded.Take(count).Select(x => (int)x)];
    }

    /// <summary>The training code's own image embedding of a 224×224 raster.</summary>
    internal float[] EmbedImage(RgbImage image)
    {
        var pooled = new float[NetworkShape.PooledLength];
        PixelPooling.Pool(image, Preprocess, pooled);
        var embedding = new float[Network.Shape.EmbedDimension];
        Network.ForwardImage(pooled, new ImageActivations(Network.Shape), embedding);
        return embedding;
    }

    /// <summary>The training code's own text embedding.</summary>
    internal float[] EmbedText(string text)
    {
        var embedding = new float[Network.Shape.EmbedDimension];
        Network.ForwardText(Tokenize(text), new TextActivations(Network.Shape), embedding);
        return embedding;
    }

    /// <summary>A fixed set of scenes of one split, embedded with the current weights to measure retrieval.</summary>
    private sealed class EvaluationSet
    {
        private readonly DualEncoderTrainer _trainer;
        private readonly float[][] _pixels;
        private readonly int[][] _ids;
        private readonly IReadOnlySet<int>[] _relevant;

        public EvaluationSet(DualEncoderTrainer trainer, SceneSplit split, int count)
        {
            _trainer = trainer;
            var scenes = new GeneratedScene[count];
            _pixels = new float[count][];
            Parallel.For(0, count, i =>
            {
                scenes[i] = trainer._generator.Generate(split, i);
                _pixels[i] = new float[NetworkShape.PooledLength];
                PixelPooling.Pool(scenes[i].Image, Preprocess, _pixels[i]);
            });
            _ids = [.. scenes.Select(s => trainer.Tokenize(s.Caption))];
            var byKey = scenes.Select((s, i) => (s.Key, i)).GroupBy(x => x.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlySet<int>)g.Select(x => x.i).ToHashSet(), StringComparer.Ordinal);
            _relevant = [.. scenes.Select(s => byKey[s.Key])];
        }

        public RetrievalMetrics Evaluate(CancellationToken cancellationToken)
        {
            var net = _trainer.Network;
            var d = net.Shape.EmbedDimension;
            var images = new float[_pixels.Length][];
            var texts = new float[_pixels.Length][];
            var imageActivations = Chunked.PerChunk(() => new ImageActivations(net.Shape));
            var textActivations = Chunked.PerChunk(() => new TextActivations(net.Shape));
            Chunked.ForEach(_pixels.Length, cancellationToken, (c, i) =>
            {
                images[i] = new float[d];
                texts[i] = new float[d];
                net.ForwardImage(_pixels[i], imageActivations[c], images[i]);
                net.ForwardText(_ids[i], textActivations[c], texts[i]);
            });
            return RetrievalEvaluator.Rank(texts, images, _relevant);
        }
    }
}
