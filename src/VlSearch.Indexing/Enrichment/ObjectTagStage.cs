using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// The detector stage: an <see cref="IObjectTagger"/> finds objects on the decoded photo; each becomes an
/// <c>object</c> tag with its box, and its attributes <c>attribute</c> tags sharing the box (VinVL's split).
/// A detector that cannot be loaded fails the stage's run with its reason; search is not affected.
/// </summary>
/// <param name="tagger">Loads the detector; called once, on the run's first use, so a broken model fails only this stage.</param>
/// <param name="modelId">Identifier of the detector model before it is loaded (its <see cref="IObjectTagger.Id"/> once loaded).</param>
/// <param name="fingerprint">Version of the detector's model files (e.g. a hash of its folder); the model id without it.</param>
/// <param name="minScore">Objects scoring lower are left out.</param>
/// <param name="minAttributeScore">Attributes scoring lower are left out.</param>
/// <param name="installed">Whether a detector is installed, without loading it; always without it.</param>
/// <param name="parallelism">
/// Detector calls at once on the CPU, each on its share of a batch: a CPU detector runs on one thread (as image
/// encoders do while indexing), so one call at a time would leave the other cores to decoding alone. One on a GPU.
/// </param>
public sealed class ObjectTagStage(Func<IObjectTagger> tagger, string modelId, string? fingerprint = null, float minScore = 0.5f, float minAttributeScore = 0.5f, Func<bool>? installed = null, int parallelism = 1) : IEnrichmentStage
{
    /// <summary>The stage's name and file error stage.</summary>
    public const string StageName = FileErrorStages.Objects;

    private IObjectTagger? loaded;

    /// <inheritdoc/>
    public string Name => StageName;

    /// <inheritdoc/>
    public string Model => loaded?.Id ?? modelId;

    /// <inheritdoc/>
    public string Fingerprint => $"{Model}|{fingerprint ?? Model}|{minScore:R}|{minAttributeScore:R}";

    /// <inheritdoc/>
    public IReadOnlyList<string> Kinds { get; } = [PhotoTagKinds.Object, PhotoTagKinds.Attribute];

    /// <inheritdoc/>
    public bool Available => installed?.Invoke() ?? true;

    /// <inheritdoc/>
    public bool QueueAfterScan => true;

    /// <inheritdoc/>
    public EnrichmentInput Input => EnrichmentInput.Pixels;

    /// <inheritdoc/>
    public string? EmbeddingModel => null;

    /// <inheritdoc/>
    /// <remarks>The detector's own input edge once it is loaded (a 224-pixel detector decodes a 12 MP JPEG at an eighth
    /// or a quarter of its size); before that, a size no common detector exceeds.</remarks>
    public int DecodeEdge => loaded?.MinimumDecodeEdge is > 0 and var edge ? edge : FallbackDecodeEdge;

    /// <summary>Decode edge before the detector is loaded: DETR's 800-pixel shortest edge fits under it.</summary>
    public const int FallbackDecodeEdge = 1024;

    /// <inheritdoc/>
    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        loaded ??= tagger();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public IReadOnlyList<EnrichmentOutcome> Run(IReadOnlyList<EnrichmentItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var detector = loaded ??= tagger();
        RgbImage[] images = [.. items.Select(i => i.Image ?? throw new ArgumentException("The object stage needs decoded photos.", nameof(items)))];
        var detections = Detect(detector, images, cancellationToken);
        var outcomes = new EnrichmentOutcome[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var tags = new List<EnrichmentTag>();
            var ordinal = 0;
            foreach (var found in detections[i])
            {
                tags.Add(new EnrichmentTag(found.Label, PhotoTagKinds.Object, found.Score, ordinal, found.Box));
                foreach (var attribute in found.Attributes.Where(a => a.Score >= minAttributeScore))
                {
                    tags.Add(new EnrichmentTag(attribute.Label, PhotoTagKinds.Attribute, attribute.Score, ordinal, found.Box));
                }

                ordinal++;
            }

            outcomes[i] = EnrichmentOutcome.Success(tags);
        }

        return outcomes;
    }

    /// <summary>The detector over the images, split into <c>parallelism</c> calls at once on the CPU.</summary>
    private IReadOnlyList<IReadOnlyList<DetectedObject>> Detect(IObjectTagger detector, RgbImage[] images, CancellationToken cancellationToken)
    {
        var lanes = detector.Device == ExecutionDevice.Cuda ? 1 : Math.Clamp(parallelism, 1, Math.Max(1, images.Length));
        if (lanes == 1)
        {
            return detector.Detect(images, minScore);
        }

        var found = new IReadOnlyList<DetectedObject>[images.Length];
        var share = (images.Length + lanes - 1) / lanes;
        Parallel.For(0, lanes, new ParallelOptions { MaxDegreeOfParallelism = lanes, CancellationToken = cancellationToken }, lane =>
        {
            var start = lane * share;
            var count = Math.Min(share, images.Length - start);
            if (count <= 0)
            {
                return;
            }

            var part = detector.Detect(images[start..(start + count)], minScore);
            for (var k = 0; k < count; k++)
            {
                found[start + k] = part[k];
            }
        });
        return found;
    }
}
