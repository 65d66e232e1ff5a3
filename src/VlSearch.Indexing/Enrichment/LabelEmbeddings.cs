using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VlSearch.Core;

namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// The prompt-ensemble text embeddings of a vocabulary for one model (one L2-normalised row per label), cached in the
/// data folder by model fingerprint and vocabulary hash: computing them runs the text tower over every template of
/// every label, once per model and vocabulary.
/// </summary>
public sealed class LabelEmbeddings
{
    private const int Magic = 0x4C424C31; // "LBL1"
    private const int LabelsPerCall = 32;

    private LabelEmbeddings(IReadOnlyList<string> labels, int dimension, float[] rows)
    {
        Labels = labels;
        Dimension = dimension;
        Rows = rows;
    }

    /// <summary>The labels, in row order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Embedding length.</summary>
    public int Dimension { get; }

    /// <summary>Row-major label embeddings.</summary>
    public float[] Rows { get; }

    /// <summary>
    /// A fingerprint of the model's text tower: its id and the embedding of a fixed probe text. A retrained model
    /// that keeps its id gets another fingerprint, so stale caches and tags are not reused.
    /// </summary>
    public static string ModelFingerprint(IEmbeddingModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = model.Text ?? throw new InvalidOperationException($"The model {model.Id} has no text tower: it cannot score labels.");
        var probe = text.Encode(["a photo of a dog on a beach."])[0];
        var builder = new StringBuilder(model.Id).Append('|').Append(model.Dimension);
        foreach (var value in probe)
        {
            // Rounded: the same files give the same fingerprint whatever the hardware's last bits.
            builder.Append('|').Append(Math.Round(value, 3).ToString("R", CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())))[..16];
    }

    /// <summary>The cache file of a model fingerprint and vocabulary in <paramref name="cacheDirectory"/>.</summary>
    public static string CachePath(string cacheDirectory, string modelFingerprint, TagVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var templates = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', PromptTemplates.All))))[..8];
        return Path.Combine(cacheDirectory, $"labels-{modelFingerprint}-{vocabulary.Hash}-{templates}.bin");
    }

    /// <summary>
    /// The embeddings of <paramref name="vocabulary"/> for <paramref name="model"/>: read from the cache in
    /// <paramref name="cacheDirectory"/> when present and whole, else computed and cached (null: no cache).
    /// </summary>
    public static LabelEmbeddings Get(IEmbeddingModel model, TagVocabulary vocabulary, string? cacheDirectory, string? modelFingerprint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var path = cacheDirectory is null ? null : CachePath(cacheDirectory, modelFingerprint ?? ModelFingerprint(model), vocabulary);
        if (path is not null && TryRead(path, vocabulary.Labels, out var cached))
        {
            return cached;
        }

        var computed = Compute(model, vocabulary.Labels, cancellationToken);
        if (path is not null)
        {
            Write(path, computed);
        }

        return computed;
    }

    /// <summary>Runs the text tower over every label's prompts and averages them per label.</summary>
    public static LabelEmbeddings Compute(IEmbeddingModel model, IReadOnlyList<string> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labels);
        var text = model.Text ?? throw new InvalidOperationException($"The model {model.Id} has no text tower: it cannot score labels.");
        var dimension = text.Dimension;
        var rows = new float[labels.Count * dimension];
        var templates = PromptTemplates.All.Count;
        for (var start = 0; start < labels.Count; start += LabelsPerCall)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = labels.Skip(start).Take(LabelsPerCall).ToList();
            var vectors = text.Encode([.. chunk.SelectMany(PromptTemplates.For)]);
            for (var k = 0; k < chunk.Count; k++)
            {
                var row = rows.AsSpan((start + k) * dimension, dimension);
                for (var t = 0; t < templates; t++)
                {
                    var vector = vectors[(k * templates) + t];
                    for (var d = 0; d < dimension; d++)
                    {
                        row[d] += vector[d];
                    }
                }

                Normalize(row);
            }
        }

        return new LabelEmbeddings(labels, dimension, rows);
    }

    /// <summary>Cosine similarity of a normalised photo embedding with every label, into <paramref name="scores"/>.</summary>
    public void Score(ReadOnlySpan<float> embedding, Span<float> scores)
    {
        if (embedding.Length != Dimension)
        {
            throw new ArgumentException($"The embedding has {embedding.Length} values; the labels were embedded with {Dimension}.", nameof(embedding));
        }

        for (var l = 0; l < Labels.Count; l++)
        {
            scores[l] = System.Numerics.Tensors.TensorPrimitives.Dot(embedding, Rows.AsSpan(l * Dimension, Dimension));
        }
    }

    private static void Normalize(Span<float> row)
    {
        var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(row, row));
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
        }
    }

    private static bool TryRead(string path, IReadOnlyList<string> labels, out LabelEmbeddings embeddings)
    {
        embeddings = null!;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadInt32() != Magic)
            {
                return false;
            }

            var count = reader.ReadInt32();
            var dimension = reader.ReadInt32();
            if (count != labels.Count || dimension <= 0)
            {
                return false;
            }

            var bytes = reader.ReadBytes(count * dimension * sizeof(float));
            if (bytes.Length != count * dimension * sizeof(float))
            {
                return false;
            }

            var rows = new float[count * dimension];
            Buffer.BlockCopy(bytes, 0, rows, 0, bytes.Length);
            embeddings = new LabelEmbeddings(labels, dimension, rows);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException)
        {
            return false;
        }
    }

    private static void Write(string path, LabelEmbeddings embeddings)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            using (var writer = new BinaryWriter(File.Create(temp)))
            {
                writer.Write(Magic);
                writer.Write(embeddings.Labels.Count);
                writer.Write(embeddings.Dimension);
                var bytes = new byte[embeddings.Rows.Length * sizeof(float)];
                Buffer.BlockCopy(embeddings.Rows, 0, bytes, 0, bytes.Length);
                writer.Write(bytes);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache saves time only; the embeddings in hand are right either way.
        }
    }
}
