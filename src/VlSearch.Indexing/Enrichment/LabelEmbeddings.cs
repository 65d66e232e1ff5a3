using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// The prompt-ensemble text embeddings of a vocabulary for one model (one L2-normalised row per label), cached in the
/// data folder by model fingerprint, labels and templates: computing them runs the text tower over every template of
/// every label, once per model and vocabulary. A model that declares the words it knows
/// (<see cref="ITextEncoder.Prompting"/>) only gets the labels made of them; one that ships its own templates is
/// prompted with those.
/// </summary>
public sealed class LabelEmbeddings
{
    private const int Magic = 0x4C424C31; // "LBL1"
    private const int LabelsPerCall = 32;

    private LabelEmbeddings(IReadOnlyList<string> labels, IReadOnlyList<string> skipped, IReadOnlyList<string> templates, int dimension, float[] rows)
    {
        Labels = labels;
        Skipped = skipped;
        Templates = templates;
        Dimension = dimension;
        Rows = rows;
    }

    /// <summary>The labels, in row order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// Vocabulary labels left out because the model declares the words it knows and a label has another
    /// (<see cref="ZeroShotPrompting.Knows"/>): such a label would score at random.
    /// </summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>The prompt templates the labels were embedded with: the model's own, else <see cref="PromptTemplates.All"/>.</summary>
    public IReadOnlyList<string> Templates { get; }

    /// <summary>Embedding length.</summary>
    public int Dimension { get; }

    /// <summary>Row-major label embeddings.</summary>
    public float[] Rows { get; }

    /// <summary>Short hash of the labels scored and the templates: what the rows depend on besides the model.</summary>
    public string Hash => HashOf(Labels, Templates);

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

    /// <summary>The cache file of a model fingerprint, labels and templates in <paramref name="cacheDirectory"/>.</summary>
    public static string CachePath(string cacheDirectory, string modelFingerprint, IReadOnlyList<string> labels, IReadOnlyList<string> templates) =>
        Path.Combine(cacheDirectory, $"labels-{modelFingerprint}-{HashOf(labels, templates)}.bin");

    /// <summary>
    /// The embeddings of the labels of <paramref name="vocabulary"/> the model can represent, with its prompt
    /// templates: read from the cache in <paramref name="cacheDirectory"/> when present and whole, else computed and
    /// cached (null: no cache).
    /// </summary>
    public static LabelEmbeddings Get(IEmbeddingModel model, TagVocabulary vocabulary, string? cacheDirectory, string? modelFingerprint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var text = model.Text ?? throw new InvalidOperationException($"The model {model.Id} has no text tower: it cannot score labels.");
        var prompting = text.Prompting;
        var labels = vocabulary.Labels.Where(prompting.Knows).ToList();
        var skipped = vocabulary.Labels.Where(l => !prompting.Knows(l)).ToList();
        var templates = prompting.Templates ?? PromptTemplates.All;
        var path = cacheDirectory is null ? null : CachePath(cacheDirectory, modelFingerprint ?? ModelFingerprint(model), labels, templates);
        if (path is not null && TryRead(path, labels, skipped, templates, out var cached))
        {
            return cached;
        }

        var computed = Compute(text, labels, skipped, templates, cancellationToken);
        if (path is not null)
        {
            Write(path, computed);
        }

        return computed;
    }

    /// <summary>
    /// Runs the text tower over every label's prompts (the model's templates, else the generic ones) and averages
    /// them per label. Every given label is embedded, known words or not.
    /// </summary>
    public static LabelEmbeddings Compute(IEmbeddingModel model, IReadOnlyList<string> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labels);
        var text = model.Text ?? throw new InvalidOperationException($"The model {model.Id} has no text tower: it cannot score labels.");
        return Compute(text, labels, [], text.Prompting.Templates ?? PromptTemplates.All, cancellationToken);
    }

    /// <summary>
    /// Label vectors made elsewhere, one row of <paramref name="dimension"/> values per label, used as they are (not
    /// normalised): for scoring against vectors that are not a model's, such as an evaluation's ground truth.
    /// </summary>
    public static LabelEmbeddings FromRows(IReadOnlyList<string> labels, int dimension, float[] rows)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (rows.Length != labels.Count * dimension)
        {
            throw new ArgumentException($"{labels.Count} labels of {dimension} values need {labels.Count * dimension} values; got {rows.Length}.", nameof(rows));
        }

        return new LabelEmbeddings([.. labels], [], [], dimension, rows);
    }

    private static LabelEmbeddings Compute(ITextEncoder text, IReadOnlyList<string> labels, IReadOnlyList<string> skipped, IReadOnlyList<string> templates, CancellationToken cancellationToken)
    {
        var dimension = text.Dimension;
        var rows = new float[labels.Count * dimension];
        for (var start = 0; start < labels.Count; start += LabelsPerCall)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = labels.Skip(start).Take(LabelsPerCall).ToList();
            var vectors = text.Encode([.. chunk.SelectMany(l => PromptTemplates.Fill(templates, l))]);
            for (var k = 0; k < chunk.Count; k++)
            {
                var row = rows.AsSpan((start + k) * dimension, dimension);
                for (var t = 0; t < templates.Count; t++)
                {
                    var vector = vectors[(k * templates.Count) + t];
                    for (var d = 0; d < dimension; d++)
                    {
                        row[d] += vector[d];
                    }
                }

                Normalize(row);
            }
        }

        return new LabelEmbeddings(labels, skipped, templates, dimension, rows);
    }

    private static string HashOf(IReadOnlyList<string> labels, IReadOnlyList<string> templates) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', labels) + "\n\u0001\n" + string.Join('\n', templates))))[..16];

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

    private static bool TryRead(string path, IReadOnlyList<string> labels, IReadOnlyList<string> skipped, IReadOnlyList<string> templates, out LabelEmbeddings embeddings)
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
            embeddings = new LabelEmbeddings(labels, skipped, templates, dimension, rows);
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
