namespace VlSearch.Imaging;

/// <summary>Limits and switches of <see cref="PhotoDecoder"/>, bound from the <c>Decoder</c> configuration section.</summary>
public sealed class DecoderOptions
{
    /// <summary>Configuration section these options are bound from.</summary>
    public const string SectionName = "Decoder";

    /// <summary>
    /// Largest width × height a file may declare in its header; larger files are rejected before any pixel memory
    /// is allocated. The default (100 MP) admits every camera sensor in common use.
    /// </summary>
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>Time budget for decoding one file, reading included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Decode JPEGs with SkiaSharp's DCT-scaled decoder (1/2, 1/4, 1/8) when the requested short edge allows it.
    /// Off forces ImageSharp for every format, which the benchmark uses as the baseline.
    /// </summary>
    public bool UseScaledJpegDecode { get; set; } = true;

    /// <summary>
    /// Largest single buffer ImageSharp may allocate while decoding, in megabytes; 0 derives it from
    /// <see cref="MaxPixels"/> (8 bytes per pixel, at least 64 MB). A backstop for files whose header understates
    /// what decoding them takes.
    /// </summary>
    public int AllocationLimitMegabytes { get; set; }

    /// <summary>
    /// Most pixels a file may declare per byte of its size, for images above 4 MP; past it the file is refused as a
    /// likely decompression bomb before decoding. Real photos hold under 20 pixels per byte and even flat graphics a
    /// few hundred; several decoders fill a huge declared canvas from a few bytes without checking the time budget.
    /// 0 turns the check off.
    /// </summary>
    public long MaxPixelsPerByte { get; set; } = 2000;
}
