using VlSearch.Core;

namespace VlSearch.Indexing.Tests;

/// <summary>A visual-only model around <see cref="FakeMeanColourEncoder"/>.</summary>
public sealed class FakeMeanColourModel(string id) : IEmbeddingModel
{
    public string Id { get; } = id;

    public int Dimension => Encoder.Dimension;

    public FakeMeanColourEncoder Encoder { get; } = new();

    public IImageEncoder Image => Encoder;

    public ITextEncoder? Text => null;

    public void Dispose()
    {
    }
}
