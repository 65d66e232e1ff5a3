using VlSearch.Core;

namespace VlSearch.Indexing.Tests.Ranking;

/// <summary>
/// A dual-encoder stand-in whose text tower maps known words to fixed vectors (any other text to a vector derived
/// from its characters), so a test knows every cosine in advance. It embeds no images.
/// </summary>
public sealed class KeyedTextModel(IReadOnlyDictionary<string, float[]> words, int dimension = 3) : IEmbeddingModel, ITextEncoder
{
    public string Id => "keyed-text";

    public int Dimension => dimension;

    public IImageEncoder Image => throw new NotSupportedException("This model embeds no images.");

    public ITextEncoder? Text => this;

    /// <summary>How many texts were embedded so far.</summary>
    public int Encoded { get; private set; }

    public float[][] Encode(IReadOnlyList<string> texts)
    {
        Encoded += texts.Count;
        return [.. texts.Select(Embed)];
    }

    public void Dispose()
    {
    }

    private float[] Embed(string text)
    {
        var vector = words.TryGetValue(text, out var known)
            ? (float[])known.Clone()
            : [.. Enumerable.Range(0, dimension).Select(i => (float)((text.Length + (i * 7) + text.Sum(c => c * (i + 1))) % 13) - 6f)];
        VectorMath.NormalizeInPlace(vector);
        return vector;
    }
}
