namespace VlSearch.Core.Tagging;

/// <summary>
/// An object-and-attribute detector (DETR-, YOLO- or OWL-style, or the project's own tagger): an image in, boxes out,
/// each with an object label, attribute labels and scores — VinVL's object/attribute split. The detector does its own
/// preprocessing (its input size and normalisation come from its model folder). One instance lives for the process,
/// and <see cref="Detect"/> may be called from several threads at once (the enrichment stage splits a batch across
/// the cores when the detector runs on the CPU).
/// </summary>
public interface IObjectTagger : IDisposable
{
    /// <summary>Stable identifier of the model; stored tags name it as their source and are refreshed when it changes.</summary>
    string Id { get; }

    /// <summary>Where the graphs run.</summary>
    ExecutionDevice Device { get; }

    /// <summary>The object labels the detector can name (for open-vocabulary detectors, the labels it was given).</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// The shortest photo edge the detector's preprocessing can use: decoding a photo at least this large loses
    /// nothing, and decoding larger only costs time (a scaled JPEG decode is several times faster).
    /// </summary>
    int MinimumDecodeEdge { get; }

    /// <summary>
    /// Detects objects in each image; boxes are relative to each image's own width and height, so they stay valid
    /// for any rendering size. Objects scoring under <paramref name="minScore"/> are left out.
    /// </summary>
    IReadOnlyList<IReadOnlyList<DetectedObject>> Detect(IReadOnlyList<RgbImage> images, float minScore);
}
