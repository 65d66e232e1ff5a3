namespace VlSearch.Core;

/// <summary>The vision tower of an embedding model.</summary>
public interface IImageEncoder
{
    /// <summary>Length of every vector this encoder returns.</summary>
    int Dimension { get; }

    /// <summary>The input the encoder expects; decoders and preprocessors follow it.</summary>
    PreprocessSpec Preprocess { get; }

    /// <summary>
    /// Embeds <paramref name="count"/> preprocessed images laid out back to back in <paramref name="pixels"/>
    /// (each <see cref="PreprocessSpec.TensorLength"/> floats) into <paramref name="destination"/>
    /// (<c>count * Dimension</c> floats), each vector L2-normalized.
    /// </summary>
    void Encode(ReadOnlySpan<float> pixels, int count, Span<float> destination);

    /// <summary>
    /// How many <see cref="Encode"/> calls at once use the hardware best (indexing runs that many unless configured
    /// otherwise): several on the CPU, where each call runs on few threads; one on a GPU, which would only queue
    /// the calls and hold the memory of each.
    /// </summary>
    int ConcurrentCalls => InferenceOptions.ConcurrentImageCalls;
}
