using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// The zero-shot tag stage: scores every photo's stored image embedding of the active CLIP-family model against the
/// label vocabulary's prompt-ensemble embeddings (<see cref="LabelEmbeddings"/>) and keeps the labels that stand out
/// (<see cref="ZeroShotScorer"/>). It decodes nothing: a photo is tagged once its embedding is stored.
/// </summary>
/// <param name="catalog">Reads the library's embeddings to calibrate the thresholds.</param>
/// <param name="model">Resolves the active model (once, when a run starts).</param>
/// <param name="vocabulary">Reads the vocabulary in effect (once, when a run starts).</param>
/// <param name="options">Thresholds and the tag limit.</param>
/// <param name="cacheDirectory">Where label embeddings are cached; none without it.</param>
public sealed class ZeroShotTagStage(
    IDbContextFactory<CatalogDbContext> catalog,
    Func<IEmbeddingModel> model,
    Func<TagVocabulary> vocabulary,
    ZeroShotOptions options,
    string? cacheDirectory = null) : IEnrichmentStage
{
    /// <summary>The stage's name and file error stage.</summary>
    public const string StageName = FileErrorStages.Tags;

    private IEmbeddingModel? active;
    private string? fingerprint;

    /// <inheritdoc/>
    public string Name => StageName;

    /// <inheritdoc/>
    public string Model => active?.Id ?? "(not loaded)";

    /// <inheritdoc/>
    public string Fingerprint => fingerprint ?? throw new InvalidOperationException("The stage is not prepared.");

    /// <inheritdoc/>
    public IReadOnlyList<string> Kinds { get; } = [PhotoTagKinds.ZeroShot];

    /// <inheritdoc/>
    public bool Available => options.Enabled;

    /// <inheritdoc/>
    public bool QueueAfterScan => options.QueueAfterScan;

    /// <inheritdoc/>
    public EnrichmentInput Input => EnrichmentInput.Embedding;

    /// <inheritdoc/>
    public string? EmbeddingModel => active?.Id;

    /// <inheritdoc/>
    public int DecodeEdge => 0;

    /// <summary>The scorer of the current run, after <see cref="PrepareAsync"/>.</summary>
    public ZeroShotScorer? Scorer { get; private set; }

    /// <inheritdoc/>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            throw new InvalidOperationException("zero-shot tags are turned off (Tags:Enabled is false)");
        }

        var embedding = model();
        if (embedding.Text is null)
        {
            throw new InvalidOperationException($"The active model {embedding.Id} has no text tower: it cannot score tag labels.");
        }

        var labels = vocabulary();
        var modelFingerprint = LabelEmbeddings.ModelFingerprint(embedding);
        var embeddings = LabelEmbeddings.Get(embedding, labels, cacheDirectory, modelFingerprint, cancellationToken);
        var sample = await SampleAsync(embedding.Id, embedding.Dimension, cancellationToken);
        Scorer = ZeroShotScorer.Calibrate(embeddings, sample, options);
        active = embedding;
        fingerprint = $"{embedding.Id}|{modelFingerprint}|{embeddings.Hash}|{options.Fingerprint}";
    }

    /// <inheritdoc/>
    public IReadOnlyList<EnrichmentOutcome> Run(IReadOnlyList<EnrichmentItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var scorer = Scorer ?? throw new InvalidOperationException("The stage is not prepared.");
        return [.. items.Select(i => EnrichmentOutcome.Success(scorer.Tags(i.Embedding ?? throw new ArgumentException("The zero-shot stage needs stored embeddings.", nameof(items)))))];
    }

    /// <summary>Up to <see cref="ZeroShotOptions.CalibrationSample"/> stored embeddings of the model, spread evenly over photo ids.</summary>
    private async Task<IReadOnlyList<float[]>> SampleAsync(string modelId, int dimension, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var ids = await db.Embeddings.AsNoTracking().Where(e => e.ModelId == modelId).OrderBy(e => e.PhotoId).Select(e => e.PhotoId).ToListAsync(cancellationToken);
        var step = Math.Max(1, ids.Count / (double)options.CalibrationSample);
        var chosen = new List<long>();
        for (var x = 0.0; x < ids.Count && chosen.Count < options.CalibrationSample; x += step)
        {
            chosen.Add(ids[(int)x]);
        }

        var vectors = new List<float[]>(chosen.Count);
        foreach (var chunk in chosen.Chunk(1000))
        {
            var rows = await db.Embeddings.AsNoTracking().Where(e => e.ModelId == modelId && chunk.Contains(e.PhotoId)).Select(e => e.Vector).ToListAsync(cancellationToken);
            vectors.AddRange(rows.Select(r => EmbeddingCodec.Decode(r)).Where(v => v.Length == dimension));
        }

        return vectors;
    }
}
