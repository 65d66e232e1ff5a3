namespace VlSearch.Imaging;

/// <summary>Timings of one file on one decode path (medians over the measured iterations).</summary>
/// <param name="Path">The file.</param>
/// <param name="DecodePath">"imagesharp" (full decode) or "skia-scaled" (DCT-scaled JPEG decode).</param>
/// <param name="StoredWidth">Width declared by the file.</param>
/// <param name="StoredHeight">Height declared by the file.</param>
/// <param name="DecodedWidth">Width of the decoded (possibly scaled, upright) raster.</param>
/// <param name="DecodedHeight">Height of the decoded raster.</param>
/// <param name="DecodeMs">Wall-clock milliseconds to decode.</param>
/// <param name="DecodeCpuSeconds">Process CPU seconds to decode.</param>
/// <param name="DecodeAndPreprocessMs">Wall-clock milliseconds to decode and preprocess into a tensor.</param>
/// <param name="DecodeAndPreprocessCpuSeconds">Process CPU seconds to decode and preprocess.</param>
public sealed record DecodeBenchmarkSample(
    string Path,
    string DecodePath,
    int StoredWidth,
    int StoredHeight,
    int DecodedWidth,
    int DecodedHeight,
    double DecodeMs,
    double DecodeCpuSeconds,
    double DecodeAndPreprocessMs,
    double DecodeAndPreprocessCpuSeconds);
