using VlSearch.Catalog;
using VlSearch.Core.Tagging;
using VlSearch.Indexing.Enrichment;

namespace VlSearch.Indexing.Tests.Enrichment;

/// <summary>
/// A test double of a pixel stage: tags each photo with the name of its dominant channel ("red", "green", "blue"),
/// as one object with a box and a "bright" attribute.
/// </summary>
public sealed class LabelledStageDouble : IEnrichmentStage
{
    public string Name { get; init; } = FileErrorStages.Objects;

    public string Model { get; init; } = "channel-double";

    public string Fingerprint { get; set; } = "v1";

    public IReadOnlyList<string> Kinds { get; } = [PhotoTagKinds.Object, PhotoTagKinds.Attribute];

    public bool Available => true;

    public bool QueueAfterScan => true;

    public EnrichmentInput Input => EnrichmentInput.Pixels;

    public string? EmbeddingModel => null;

    public int DecodeEdge => 0;

    /// <summary>Photos handed to the stage so far, by id.</summary>
    public List<long> Seen { get; } = [];

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public IReadOnlyList<EnrichmentOutcome> Run(IReadOnlyList<EnrichmentItem> items, CancellationToken cancellationToken)
    {
        var outcomes = new List<EnrichmentOutcome>();
        foreach (var item in items)
        {
            Seen.Add(item.PhotoId);
            var pixels = item.Image!.Pixels;
            var sums = new long[3];
            for (var i = 0; i < pixels.Length; i++)
            {
                sums[i % 3] += pixels[i];
            }

            var label = sums[0] >= sums[1] && sums[0] >= sums[2] ? "Red" : sums[1] >= sums[2] ? "Green" : "Blue";
            var box = new RelativeBox(0.1f, 0.2f, 0.5f, 0.4f);
            outcomes.Add(EnrichmentOutcome.Success([
                new EnrichmentTag(label, PhotoTagKinds.Object, 0.9f, 0, box),
                new EnrichmentTag("bright", PhotoTagKinds.Attribute, 0.7f, 0, box),
                new EnrichmentTag("ignored", PhotoTagKinds.User, 1f),
            ]));
        }

        return outcomes;
    }
}
