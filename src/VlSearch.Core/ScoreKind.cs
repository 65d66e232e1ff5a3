namespace VlSearch.Core;

/// <summary>What the similarity score of a model's vector space means to a reader.</summary>
public enum ScoreKind
{
    /// <summary>The cosine of the query and photo vectors (CLIP, ALIGN): only its order and relative drops mean something.</summary>
    Cosine,

    /// <summary>A calibrated match probability in [0, 1] (SigLIP's sigmoid of the scaled, shifted cosine).</summary>
    Probability,
}
