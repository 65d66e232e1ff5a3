using System.Buffers;
using System.Collections.Frozen;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;
using VlSearch.Core;

namespace VlSearch.Imaging;

/// <summary>
/// Decodes JPEG, PNG, WebP, GIF (first frame), BMP and TIFF files into upright RGB rasters with ImageSharp, and
/// JPEGs that may be scaled down with SkiaSharp's DCT-domain scaling (libjpeg-turbo's 1/2, 1/4, 1/8), which skips
/// most of the inverse DCT and colour conversion work.
/// </summary>
/// <remarks>
/// Every file is identified from its header first, so unknown formats and files declaring more than
/// <see cref="DecoderOptions.MaxPixels"/> are rejected before any pixel memory is allocated. All reads go through a
/// stream that stops at the time budget (see <see cref="DeadlineStream"/>).
/// <para>
/// Truncated files are decoded as far as the codec recovers pixels, on the ImageSharp and the Skia path alike: JPEG
/// scan data that stops early keeps the rows that arrived and the rest is filled (grey or black at the bottom); a PNG
/// keeps the rows of its complete data chunks. Interrupted copies and camera writes leave such files, most of the
/// photo is usually there and worth finding, and a file that is still being written is read again later because
/// its size and time change. A file cut inside its header, or with no recoverable pixel data (a PNG without one
/// complete data chunk), is rejected with the codec's reason. A file decoded although cut short carries the reason
/// in <see cref="PhotoMetadata.Warning"/> (see <see cref="TruncationCheck"/>), so it is indexed and reported.
/// </para>
/// </remarks>
public sealed class PhotoDecoder : IPhotoDecoder
{
    private static readonly FrozenSet<string> Extensions = new[]
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly DecoderOptions _options;

    // One per decoder: its allocator's limit follows this decoder's pixel cap, so the upload decoder of the web app
    // is held to less than the indexer's.
    private readonly Configuration _imageSharp;

    /// <summary>Creates a decoder with the default limits.</summary>
    public PhotoDecoder()
        : this(new DecoderOptions())
    {
    }

    /// <summary>Creates a decoder with the given limits.</summary>
    public PhotoDecoder(DecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxPixels <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "DecoderOptions.MaxPixels must be positive.");
        }

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "DecoderOptions.Timeout must be positive.");
        }

        if (options.AllocationLimitMegabytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "DecoderOptions.AllocationLimitMegabytes cannot be negative.");
        }

        _options = options;
        AllocationLimitMegabytes = options.AllocationLimitMegabytes > 0
            ? options.AllocationLimitMegabytes
            : (int)Math.Min(int.MaxValue, Math.Max(64, options.MaxPixels * BytesPerDeclaredPixel / (1024 * 1024)));
        _imageSharp = CreateConfiguration(AllocationLimitMegabytes);
    }

    /// <summary>
    /// Bytes one ImageSharp buffer may take per pixel of the cap when no explicit limit is set: room for a 64-bit
    /// RGBA working buffer (16-bit PNG and TIFF), more than any format needs for a file within the cap.
    /// </summary>
    private const long BytesPerDeclaredPixel = 8;

    /// <summary>Below this many declared pixels the plausibility check is skipped: small canvases are cheap whatever they hold.</summary>
    private const long PlausibilityFloorPixels = 4_000_000;

    /// <summary>The largest single buffer ImageSharp may allocate for this decoder, in megabytes.</summary>
    public int AllocationLimitMegabytes { get; }

    /// <inheritdoc />
    public IReadOnlySet<string> SupportedExtensions => Extensions;

    /// <inheritdoc />
    public DecodedPhoto Decode(string path, int minShortEdge, CancellationToken cancellationToken = default)
        => Decode(path, minShortEdge, out _, cancellationToken);

    /// <inheritdoc />
    public PhotoMetadata ReadMetadata(string path)
    {
        using var budget = CreateBudget(CancellationToken.None);
        using var file = OpenFile(path);
        var format = "unknown";
        try
        {
            var guarded = new DeadlineStream(file, budget, throwOnDeadline: true);
            var (imageFormat, name) = DetectFormat(guarded);
            format = name;
            return Identify(guarded, imageFormat, name, budget.Token);
        }
        catch (Exception e) when (e is not PhotoDecodeException)
        {
            throw Translate(e, format, CancellationToken.None);
        }
    }

    /// <summary>Decodes like <see cref="Decode(string, int, CancellationToken)"/> and tells whether the Skia scaled path was used.</summary>
    internal DecodedPhoto Decode(string path, int minShortEdge, out bool scaledDecode, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        scaledDecode = false;
        using var budget = CreateBudget(cancellationToken);
        using var file = OpenFile(path);
        var format = "unknown";
        try
        {
            var guarded = new DeadlineStream(file, budget, throwOnDeadline: true);
            var (imageFormat, name) = DetectFormat(guarded);
            format = name;
            var metadata = Identify(guarded, imageFormat, name, budget.Token);
            var pixels = (long)metadata.Width * metadata.Height;
            if (pixels > _options.MaxPixels)
            {
                throw new PhotoDecodeException(
                    $"Image is {metadata.Width}x{metadata.Height} ({pixels:N0} pixels), above the limit of {_options.MaxPixels:N0} pixels.");
            }

            if (_options.MaxPixelsPerByte > 0 && pixels > PlausibilityFloorPixels && pixels / Math.Max(1, file.Length) > _options.MaxPixelsPerByte)
            {
                throw new PhotoDecodeException(
                    $"Image declares {metadata.Width}x{metadata.Height} ({pixels:N0} pixels) in {file.Length:N0} bytes, more than " +
                    $"{_options.MaxPixelsPerByte:N0} pixels per byte: refused as a likely decompression bomb.");
            }

            if (_options.UseScaledJpegDecode && minShortEdge > 0 && metadata.Format == "jpeg")
            {
                var scaled = TryDecodeScaledJpeg(file, metadata, minShortEdge, budget);
                ThrowIfOverBudget(budget);
                if (scaled is not null)
                {
                    scaledDecode = true;
                    return new DecodedPhoto(scaled, WithTruncationWarning(file, metadata));
                }
            }

            file.Position = 0;
            var source = metadata.Format == "tiff" ? TiffRowsPerStrip.Clamp(guarded, metadata.Height) : guarded;
            var image = DecodeWithImageSharp(source, imageFormat, metadata.Orientation, budget.Token);
            ThrowIfOverBudget(budget);
            return new DecodedPhoto(image, WithTruncationWarning(file, metadata));
        }
        catch (Exception e) when (e is not PhotoDecodeException)
        {
            throw Translate(e, format, cancellationToken);
        }
    }

    /// <summary>
    /// A decode that ran past its budget fails even when it got to the end: the decoders only look at the budget's
    /// token now and then, and its timer may fire late on a busy machine, so the clock is read once more here.
    /// </summary>
    private static void ThrowIfOverBudget(DecodeBudget budget)
    {
        if (budget.Expired)
        {
            throw new OperationCanceledException(budget.Token);
        }
    }

    /// <summary>The metadata with <see cref="PhotoMetadata.Warning"/> set when the decoded file was cut short.</summary>
    private static PhotoMetadata WithTruncationWarning(FileStream file, PhotoMetadata metadata)
    {
        try
        {
            return TruncationCheck.Find(file, metadata.Format) is { } warning ? metadata with { Warning = warning } : metadata;
        }
        catch (IOException)
        {
            // The pixels are decoded; a file that cannot be read again now only goes without the check.
            return metadata;
        }
    }

    private DecodeBudget CreateBudget(CancellationToken cancellationToken) => new(_options.Timeout, cancellationToken);

    private static FileStream OpenFile(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PhotoDecodeException($"Cannot open the file: {OneLine(e.Message)}", e);
        }

        if (file.Length == 0)
        {
            file.Dispose();
            throw new PhotoDecodeException("The file is empty (0 bytes).");
        }

        return file;
    }

    private (IImageFormat Format, string Name) DetectFormat(Stream stream)
    {
        var format = Image.DetectFormat(_imageSharp, stream);
        stream.Position = 0;
        var name = format is null ? null : MetadataReader.FormatName(format);
        if (format is null || name is null)
        {
            throw new PhotoDecodeException("Not a supported image: the content is not JPEG, PNG, WebP, GIF, BMP or TIFF.");
        }

        return (format, name);
    }

    private PhotoMetadata Identify(Stream stream, IImageFormat format, string name, CancellationToken token)
    {
        if (_imageSharp.ImageFormatsManager.FindDecoder(format) is not IImageInfoDetector detector)
        {
            throw new PhotoDecodeException($"No decoder for {name} files.");
        }

        var info = detector.Identify(_imageSharp, stream, token);
        stream.Position = 0;
        if (info is null || info.Width <= 0 || info.Height <= 0)
        {
            throw new PhotoDecodeException($"The {name} header declares no image size.");
        }

        return MetadataReader.Read(name, info);
    }

    private RgbImage DecodeWithImageSharp(Stream stream, IImageFormat format, int orientation, CancellationToken token)
    {
        var decoder = _imageSharp.ImageFormatsManager.FindDecoder(format)
            ?? throw new PhotoDecodeException($"No decoder for {format.Name} files.");
        using var image = decoder.Decode<Rgb24>(_imageSharp, stream, token);
        token.ThrowIfCancellationRequested();
        var width = image.Width;
        var height = image.Height;
        if (orientation == 1)
        {
            var pixels = GC.AllocateUninitializedArray<byte>(checked(width * height * 3));
            image.CopyPixelDataTo(pixels);
            return new RgbImage(width, height, pixels);
        }

        var length = checked(width * height * 3);
        var stored = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            image.CopyPixelDataTo(stored.AsSpan(0, length));
            var upright = ExifOrientation.ToUprightRgb(stored.AsSpan(0, length), width, height, width * 3, 3, orientation, out var w, out var h);
            return new RgbImage(w, h, upright);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stored);
        }
    }

    /// <summary>
    /// Decodes a JPEG at the smallest DCT scale (1/8, 1/4, 1/2) that keeps the short side at least
    /// <paramref name="minShortEdge"/>; null when no scale applies or Skia cannot read the file (ImageSharp then
    /// decodes it and reports any error).
    /// </summary>
    private static RgbImage? TryDecodeScaledJpeg(FileStream file, PhotoMetadata metadata, int minShortEdge, DecodeBudget budget)
    {
        var token = budget.Token;
        var denominator = PickJpegScale(metadata.Width, metadata.Height, minShortEdge);
        if (denominator == 1)
        {
            return null;
        }

        file.Position = 0;
        var guarded = new DeadlineStream(file, budget, throwOnDeadline: false);
        using var skiaStream = new SKManagedStream(guarded, disposeManagedStream: false);
        using var codec = SKCodec.Create(skiaStream, out var createResult);
        if (guarded.DeadlinePassed)
        {
            token.ThrowIfCancellationRequested();
        }

        if (codec is null || createResult != SKCodecResult.Success)
        {
            return null;
        }

        var size = codec.GetScaledDimensions(1f / denominator);
        if (Math.Min(size.Width, size.Height) < minShortEdge || size.Width >= codec.Info.Width)
        {
            return null;
        }

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rowBytes = size.Width * 4;
        var length = checked(rowBytes * size.Height);
        var rgba = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var result = codec.GetPixels(info, rgba);
            // Also when the budget ran out just after the last read: the file took longer than allowed either way.
            token.ThrowIfCancellationRequested();
            if (guarded.ReadError is { } error)
            {
                throw new PhotoDecodeException($"Cannot read the file: {OneLine(error.Message)}", error);
            }

            // IncompleteInput: the scan data stops early; Skia has filled the rest (see the class remarks).
            if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            {
                return null;
            }

            var upright = ExifOrientation.ToUprightRgb(
                rgba.AsSpan(0, length), size.Width, size.Height, rowBytes, 4, metadata.Orientation, out var w, out var h);
            return new RgbImage(w, h, upright);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    /// <summary>The largest power-of-two denominator (≤ 8) whose scaled short side stays ≥ the requested edge.</summary>
    internal static int PickJpegScale(int width, int height, int minShortEdge)
    {
        // libjpeg rounds scaled sizes up: ceil(size / denominator).
        var shortSide = Math.Min(width, height);
        for (var denominator = 8; denominator > 1; denominator /= 2)
        {
            if ((shortSide + denominator - 1) / denominator >= minShortEdge)
            {
                return denominator;
            }
        }

        return 1;
    }

    private PhotoDecodeException Translate(Exception e, string format, CancellationToken callerToken)
    {
        if (e is OperationCanceledException or TaskCanceledException)
        {
            callerToken.ThrowIfCancellationRequested();
            return new PhotoDecodeException($"Decoding took longer than the {_options.Timeout.TotalSeconds:0.###} s time budget.", e);
        }

        callerToken.ThrowIfCancellationRequested();
        return e switch
        {
            UnknownImageFormatException => new PhotoDecodeException("Not a supported image: the content is not JPEG, PNG, WebP, GIF, BMP or TIFF.", e),
            InvalidImageContentException or ImageFormatException or EndOfStreamException or InvalidDataException
                => new PhotoDecodeException($"Corrupt or truncated {format} file: {OneLine(e.Message)}", e),
            NotSupportedException => new PhotoDecodeException($"Unsupported {format} variant: {OneLine(e.Message)}", e),
            IOException or UnauthorizedAccessException => new PhotoDecodeException($"Cannot read the file: {OneLine(e.Message)}", e),
            OutOfMemoryException or InsufficientExecutionStackException
                => new PhotoDecodeException($"Not enough memory to decode this {format} file.", e),
            _ => new PhotoDecodeException($"Cannot decode this {format} file ({e.GetType().Name}): {OneLine(e.Message)}", e),
        };
    }

    private static string OneLine(string message)
        => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // Only the six supported formats are registered: ImageSharp's TGA detector is a heuristic that can mistake
    // arbitrary bytes for an image, which would turn "not an image" into confusing decode errors.
    private static Configuration CreateConfiguration(int allocationLimitMegabytes)
    {
        var configuration = new Configuration(
            new JpegConfigurationModule(),
            new PngConfigurationModule(),
            new WebpConfigurationModule(),
            new GifConfigurationModule(),
            new BmpConfigurationModule(),
            new TiffConfigurationModule());

        // Only the first frame is ever shown to a model: decoding the rest of an animation is wasted time and memory.
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });

        // A backstop behind the header check: a file whose header understates what its decoder allocates is stopped
        // by ImageSharp (InvalidMemoryOperationException, reported as a decode error) rather than taking the memory.
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = allocationLimitMegabytes });
        return configuration;
    }
}
