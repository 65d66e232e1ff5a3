using System.Diagnostics;
using System.Runtime.InteropServices;
using VlSearch.Core;

namespace VlSearch.Imaging;

/// <summary>
/// Measures decoding and decode+preprocess per file on the ImageSharp path and the Skia scaled-JPEG path, on the
/// calling thread (one core), for a benchmark host or a CLI command to print.
/// </summary>
public static class DecodeBenchmark
{
    /// <summary>Decode path name of the ImageSharp-only decoder.</summary>
    public const string ImageSharpPath = "imagesharp";

    /// <summary>Decode path name of the decoder with the scaled JPEG fast path on.</summary>
    public const string SkiaScaledPath = "skia-scaled";

    /// <summary>
    /// Runs each file through both decoders: one warm-up, then <paramref name="iterations"/> measured runs of decode
    /// alone and of decode+preprocess; reports medians. Files that fail to decode are skipped.
    /// </summary>
    /// <param name="files">Image files.</param>
    /// <param name="minShortEdge">Short edge requested from the decoder (usually <see cref="PreprocessSpec.MinimumDecodeEdge"/>).</param>
    /// <param name="spec">Preprocessing to apply after decoding.</param>
    /// <param name="iterations">Measured runs per file and path.</param>
    /// <param name="progress">Receives each sample as it is measured.</param>
    /// <param name="cancellationToken">Stops between runs.</param>
    public static DecodeBenchmarkReport Run(
        IReadOnlyList<string> files,
        int minShortEdge,
        PreprocessSpec spec,
        int iterations = 5,
        IProgress<DecodeBenchmarkSample>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);

        var decoders = new (string Name, PhotoDecoder Decoder)[]
        {
            (ImageSharpPath, new PhotoDecoder(new DecoderOptions { UseScaledJpegDecode = false })),
            (SkiaScaledPath, new PhotoDecoder(new DecoderOptions { UseScaledJpegDecode = true })),
        };
        var preprocessor = new ImagePreprocessor();
        var tensor = new float[spec.TensorLength];
        var samples = new List<DecodeBenchmarkSample>();
        using var process = Process.GetCurrentProcess();

        foreach (var file in files)
        {
            foreach (var (name, decoder) in decoders)
            {
                cancellationToken.ThrowIfCancellationRequested();
                DecodedPhoto warm;
                bool scaled;
                try
                {
                    warm = decoder.Decode(file, minShortEdge, out scaled, cancellationToken);
                    preprocessor.Preprocess(warm.Image, spec, tensor);
                }
                catch (PhotoDecodeException)
                {
                    break;
                }

                if (name == SkiaScaledPath && !scaled)
                {
                    // The fast path did not apply (not a JPEG, or no scale keeps the short edge): nothing new to measure.
                    continue;
                }

                var decodeMs = new double[iterations];
                var decodeCpu = new double[iterations];
                var fullMs = new double[iterations];
                var fullCpu = new double[iterations];
                for (var i = 0; i < iterations; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    (decodeMs[i], decodeCpu[i]) = Measure(process, () => decoder.Decode(file, minShortEdge, cancellationToken));
                    (fullMs[i], fullCpu[i]) = Measure(process, () =>
                    {
                        var photo = decoder.Decode(file, minShortEdge, cancellationToken);
                        preprocessor.Preprocess(photo.Image, spec, tensor);
                    });
                }

                var sample = new DecodeBenchmarkSample(
                    file,
                    name,
                    warm.Metadata.Width,
                    warm.Metadata.Height,
                    warm.Image.Width,
                    warm.Image.Height,
                    Median(decodeMs),
                    Median(decodeCpu),
                    Median(fullMs),
                    Median(fullCpu));
                samples.Add(sample);
                progress?.Report(sample);
            }
        }

        return new DecodeBenchmarkReport(samples, iterations);
    }

    private static (double Ms, double CpuSeconds) Measure(Process process, Action action)
    {
        var cpuBefore = CpuSeconds(process);
        var started = Stopwatch.GetTimestamp();
        action();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed.TotalMilliseconds, CpuSeconds(process) - cpuBefore);
    }

    /// <summary>
    /// CPU time of the whole process (all threads, so a decoder's helper threads and the GC count too): on Linux from
    /// the nanosecond process clock, elsewhere from <see cref="Process.TotalProcessorTime"/> (coarser ticks).
    /// </summary>
    private static double CpuSeconds(Process process)
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ClockProcessCpuTimeId, out var time) == 0)
        {
            return time.Seconds + (time.Nanoseconds / 1e9);
        }

        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private const int ClockProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project for one trivial call.
    [DllImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
