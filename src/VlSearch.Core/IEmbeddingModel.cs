namespace VlSearch.Core;

/// <summary>
/// A loaded model: one vector space with an image tower and, for dual encoders, a text tower. A model instance is
/// meant to live for the whole process (one inference session per model).
/// </summary>
public interface IEmbeddingModel : IDisposable
{
    /// <summary>Stable identifier, used as the vector collection name; vectors of different ids never mix.</summary>
    string Id { get; }

    /// <summary>Vector length.</summary>
    int Dimension { get; }

    /// <summary>The vision tower.</summary>
    IImageEncoder Image { get; }

    /// <summary>The text tower, or null for a visual-only model.</summary>
    ITextEncoder? Text { get; }

    /// <summary>How the cosine of two vectors becomes the score users see and cut off on; the cosine by default.</summary>
    SimilarityScale Scale => SimilarityScale.Cosine;
}
