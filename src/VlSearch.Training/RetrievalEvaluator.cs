using System.Numerics.Tensors;
using System.Text.Json;
using VlSearch.Core;

namespace VlSearch.Training;

/// <summary>
/// Scores a model on a labelled query set: encodes every image under a folder and every query, ranks images by
/// exact cosine similarity and reports Recall@1/5/10, MRR and nDCG@10 (<see cref="RetrievalMetrics"/>).
/// </summary>
public sealed class RetrievalEvaluator
{
    private readonly IEmbeddingModel _model;
    private readonly IPhotoDecoder _decoder;
    private readonly IImagePreprocessor _preprocessor;
    private readonly int _batchSize;

    public RetrievalEvaluator(IEmbeddingModel model, IPhotoDecoder decoder, IImagePreprocessor preprocessor, int batchSize = 16)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _model = model;
        _decoder = decoder;
        _preprocessor = preprocessor;
        _batchSize = batchSize;
    }

    /// <summary>
    /// Transforms applied to image and text vectors before ranking (a personal adapter); null keeps them as they are.
    /// </summary>
    public EmbeddingAdapter? Adapter { get; init; }

    /// <summary>
    /// Reads a query file: a JSON object mapping each query text to the relevant image paths (relative to the
    /// query file's folder, or to the images folder given to <see cref="Evaluate"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> LoadQueries(string path)
    {
        var queries = JsonSerializer.Deserialize<Dictionary<string, List<string>>>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} does not hold a JSON object of query → image paths.");
        return queries.ToDictionary(q => q.Key, q => (IReadOnlyList<string>)q.Value, StringComparer.Ordinal);
    }

    /// <summary>Evaluates the query file <paramref name="queriesPath"/> against every image under the images folder.</summary>
    public RetrievalMetrics Evaluate(
        string queriesPath,
        string? imagesDirectory = null,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var queries = LoadQueries(queriesPath);
        var root = Path.GetFullPath(imagesDirectory ?? Path.GetDirectoryName(Path.GetFullPath(queriesPath))!);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => _decoder.SupportedExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var index = files.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal);
        var missing = queries.SelectMany(q => q.Value).FirstOrDefault(p => !index.ContainsKey(p.Replace('\\', '/')));
        if (missing is not null)
        {
            throw new FileNotFoundException($"Relevant image {missing} is not under {root}.");
        }

        var imageVectors = EncodeImages(root, files, progress, cancellationToken);
        var texts = queries.Keys.ToList();
        progress?.Report($"encoding {texts.Count} queries");
        var textEncoder = _model.Text ?? throw new InvalidOperationException($"Model {_model.Id} has no text tower.");
        var queryVectors = textEncoder.Encode(texts);
        if (Adapter is not null)
        {
            foreach (var v in queryVectors)
            {
                Adapter.ApplyText(v);
            }
        }

        var relevant = texts.Select(t => (IReadOnlySet<int>)queries[t].Select(p => index[p.Replace('\\', '/')]).ToHashSet()).ToList();
        return Rank(queryVectors, imageVectors, relevant);
    }

    /// <summary>Ranks all images for each query by cosine similarity and scores the rankings.</summary>
    public static RetrievalMetrics Rank(IReadOnlyList<float[]> queries, IReadOnlyList<float[]> images, IReadOnlyList<IReadOnlySet<int>> relevant)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(images);
        var rankings = new IReadOnlyList<int>[queries.Count];
        Parallel.For(0, queries.Count, q =>
        {
            var scores = new float[images.Count];
            for (var i = 0; i < images.Count; i++)
            {
                scores[i] = TensorPrimitives.CosineSimilarity(queries[q], images[i]);
            }

            // Ties keep index order so rankings are reproducible.
            rankings[q] = Enumerable.Range(0, images.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        });
        return Score(rankings, relevant, images.Count);
    }

    /// <summary>Averages the per-query metrics of <paramref name="rankings"/> (image indices, best first).</summary>
    public static RetrievalMetrics Score(IReadOnlyList<IReadOnlyList<int>> rankings, IReadOnlyList<IReadOnlySet<int>> relevant, int images)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentNullException.ThrowIfNull(relevant);
        if (rankings.Count != relevant.Count)
        {
            throw new ArgumentException("Every ranking needs its relevant set.", nameof(relevant));
        }

        if (rankings.Count == 0)
        {
            return new RetrievalMetrics(0, images, 0, 0, 0, 0, 0);
        }

        double r1 = 0, r5 = 0, r10 = 0, mrr = 0, ndcg = 0;
        for (var q = 0; q < rankings.Count; q++)
        {
            r1 += RecallAt(rankings[q], relevant[q], 1);
            r5 += RecallAt(rankings[q], relevant[q], 5);
            r10 += RecallAt(rankings[q], relevant[q], 10);
            mrr += ReciprocalRank(rankings[q], relevant[q]);
            ndcg += NdcgAt(rankings[q], relevant[q], 10);
        }

        var n = rankings.Count;
        return new RetrievalMetrics(n, images, r1 / n, r5 / n, r10 / n, mrr / n, ndcg / n);
    }

    /// <summary>|relevant ∩ top k| / |relevant|.</summary>
    public static double RecallAt(IReadOnlyList<int> ranking, IReadOnlySet<int> relevant, int k)
    {
        if (relevant.Count == 0)
        {
            return 0;
        }

        var hits = ranking.Take(k).Count(relevant.Contains);
        return (double)hits / relevant.Count;
    }

    /// <summary>1 / (1-based rank of the first relevant item), 0 when none is ranked.</summary>
    public static double ReciprocalRank(IReadOnlyList<int> ranking, IReadOnlySet<int> relevant)
    {
        for (var i = 0; i < ranking.Count; i++)
        {
            if (relevant.Contains(ranking[i]))
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>DCG@k / ideal DCG@k with binary gains: Σ rel_i / log2(i + 1) over 1-based ranks i ≤ k.</summary>
    public static double NdcgAt(IReadOnlyList<int> ranking, IReadOnlySet<int> relevant, int k)
    {
        double dcg = 0, ideal = 0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (relevant.Contains(ranking[i]))
            {
                dcg += 1.0 / Math.Log2(i + 2);
            }
        }

        for (var i = 0; i < Math.Min(k, relevant.Count); i++)
        {
            ideal += 1.0 / Math.Log2(i + 2);
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }

    private float[][] EncodeImages(string root, IReadOnlyList<string> files, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var spec = _model.Image.Preprocess;
        var dimension = _model.Dimension;
        var vectors = new float[files.Count][];
        var pixels = new float[_batchSize * spec.TensorLength];
        var output = new float[_batchSize * dimension];
        for (var start = 0; start < files.Count; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(_batchSize, files.Count - start);
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var photo = _decoder.Decode(Path.Combine(root, files[start + i]), spec.MinimumDecodeEdge, cancellationToken);
                _preprocessor.Preprocess(photo.Image, spec, pixels.AsSpan(i * spec.TensorLength, spec.TensorLength));
            });
            _model.Image.Encode(pixels.AsSpan(0, count * spec.TensorLength), count, output.AsSpan(0, count * dimension));
            for (var i = 0; i < count; i++)
            {
                var v = output.AsSpan(i * dimension, dimension).ToArray();
                Adapter?.ApplyImage(v);
                vectors[start + i] = v;
            }

            progress?.Report($"encoded {start + count}/{files.Count} images");
        }

        return vectors;
    }
}
