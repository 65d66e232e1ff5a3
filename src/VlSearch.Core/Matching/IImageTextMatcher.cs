namespace VlSearch.Core.Matching;

/// <summary>
/// An image–text matching model (a cross-encoder in the BLIP-ITM layout): the query's tokens attend to an image's
/// feature tokens and a head says match or no match. Image features are extracted once per photo and stored, so a
/// query costs only the text and cross-attention passes over the candidates. One instance lives for the process.
/// </summary>
public interface IImageTextMatcher : IDisposable
{
    /// <summary>Stable identifier of the model; stored features are kept per id and never mix.</summary>
    string Id { get; }

    /// <summary>The pixel pipeline of the vision graph, read from the model folder's preprocessor config.</summary>
    PreprocessSpec Preprocess { get; }

    /// <summary>Feature tokens per image (N of image_embeds [batch, N, D]).</summary>
    int FeatureTokens { get; }

    /// <summary>Width of one feature token (D of image_embeds [batch, N, D]).</summary>
    int FeatureWidth { get; }

    /// <summary>Floats of one image's features: <see cref="FeatureTokens"/> × <see cref="FeatureWidth"/>.</summary>
    int FeatureLength => FeatureTokens * FeatureWidth;

    /// <summary>Where the graphs run.</summary>
    ExecutionDevice Device { get; }

    /// <summary>
    /// Runs the vision graph over <paramref name="count"/> preprocessed images laid out back to back in
    /// <paramref name="pixels"/> (each <see cref="PreprocessSpec.TensorLength"/> floats) and writes
    /// <c>count * FeatureLength</c> floats to <paramref name="destination"/>.
    /// </summary>
    void ExtractFeatures(ReadOnlySpan<float> pixels, int count, Span<float> destination);

    /// <summary>
    /// The probability, 0 to 1, that <paramref name="text"/> describes each of <paramref name="count"/> images whose
    /// features lie back to back in <paramref name="features"/> (each <see cref="FeatureLength"/> floats), written to
    /// <paramref name="probabilities"/>.
    /// </summary>
    void Match(string text, ReadOnlySpan<float> features, int count, Span<float> probabilities);
}
