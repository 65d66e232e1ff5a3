namespace VlSearch.Training.Matching;

/// <summary>Sizes of a <see cref="MatcherNetwork"/>.</summary>
/// <param name="Vocabulary">WordPiece vocabulary size.</param>
/// <param name="Width">Width of text tokens, projected image tokens, queries, keys and values.</param>
/// <param name="Hidden">Width of the per-token fusion layer before the pooled head.</param>
/// <param name="MaxLength">Text tokens at most, [CLS]/[ENC] and [SEP] included (BLIP's 35).</param>
/// <param name="FeatureTokens">Image feature tokens (N of image_embeds).</param>
/// <param name="FeatureWidth">Width of one image feature token (D of image_embeds).</param>
internal sealed record MatcherShape(int Vocabulary, int Width, int Hidden, int MaxLength, int FeatureTokens, int FeatureWidth)
{
    /// <summary>
    /// Dilations of the residual context convolutions over the text tokens: each token sees ±7 neighbours, enough for
    /// "blue" in "a large blue square to the right of …" to know which side it is on.
    /// </summary>
    public static readonly int[] Dilations = [1, 2, 4];

    /// <summary>Number of context convolutions.</summary>
    public static int ContextLayers => Dilations.Length;
}
