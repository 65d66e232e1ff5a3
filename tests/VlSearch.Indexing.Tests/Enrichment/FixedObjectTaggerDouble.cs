using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Indexing.Tests.Enrichment;

/// <summary>A test double of a detector: finds the same objects on every image.</summary>
public sealed class FixedObjectTaggerDouble(IReadOnlyList<DetectedObject> objects) : IObjectTagger
{
    public string Id => "fixed-detector";

    public ExecutionDevice Device => ExecutionDevice.Cpu;

    public IReadOnlyList<string> Labels { get; } = [.. objects.Select(o => o.Label)];

    public int MinimumDecodeEdge => 224;

    public IReadOnlyList<IReadOnlyList<DetectedObject>> Detect(IReadOnlyList<RgbImage> images, float minScore) =>
        [.. images.Select(_ => (IReadOnlyList<DetectedObject>)[.. objects.Where(o => o.Score >= minScore)])];

    public void Dispose()
    {
    }
}
