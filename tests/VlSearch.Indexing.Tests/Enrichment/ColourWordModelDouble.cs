using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Indexing.Tests.Enrichment;

/// <summary>
/// A test double of a CLIP-family model: the image tower is the mean colour (<see cref="FakeMeanColourEncoder"/>), the
/// text tower maps a prompt naming a colour word to that colour's direction, and other prompts to grey.
/// </summary>
public sealed class ColourWordModelDouble(string id) : IEmbeddingModel, ITextEncoder
{
    public string Id { get; } = id;

    public int Dimension => 3;

    public FakeMeanColourEncoder Encoder { get; } = new();

    public IImageEncoder Image => Encoder;

    public ITextEncoder? Text => this;

    public int TextCalls { get; private set; }

    /// <summary>Every prompt the text tower was given, in order.</summary>
    public List<string> Prompts { get; } = [];

    public ZeroShotPrompting Prompting { get; init; } = ZeroShotPrompting.None;

    public float[][] Encode(IReadOnlyList<string> texts)
    {
        TextCalls++;
        Prompts.AddRange(texts);
        return [.. texts.Select(t => t.Contains("red", StringComparison.Ordinal) ? new[] { 1f, 0f, 0f }
            : t.Contains("green", StringComparison.Ordinal) ? new[] { 0f, 1f, 0f }
            : t.Contains("blue", StringComparison.Ordinal) ? new[] { 0f, 0f, 1f }
            : new[] { 0.57735f, 0.57735f, 0.57735f })];
    }

    public void Dispose()
    {
    }
}
