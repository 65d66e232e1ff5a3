namespace VlSearch.Core;

/// <summary>Turns an upright RGB raster into a model's input tensor.</summary>
public interface IImagePreprocessor
{
    /// <summary>
    /// Writes <see cref="PreprocessSpec.TensorLength"/> floats (CHW, RGB) for <paramref name="image"/> into
    /// <paramref name="destination"/>.
    /// </summary>
    void Preprocess(RgbImage image, PreprocessSpec spec, Span<float> destination);
}
