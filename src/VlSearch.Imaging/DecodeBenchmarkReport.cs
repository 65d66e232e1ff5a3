namespace VlSearch.Imaging;

/// <summary>Result of <see cref="DecodeBenchmark.Run"/>: one sample per file and decode path.</summary>
/// <param name="Samples">Per-file timings.</param>
/// <param name="Iterations">Measured iterations per file and path (after one warm-up).</param>
public sealed record DecodeBenchmarkReport(IReadOnlyList<DecodeBenchmarkSample> Samples, int Iterations)
{
    /// <summary>Mean over files of the decode+preprocess time on <paramref name="decodePath"/>, in ms; NaN when none.</summary>
    public double MeanDecodeAndPreprocessMs(string decodePath)
    {
        var selected = Samples.Where(s => s.DecodePath == decodePath).ToList();
        return selected.Count == 0 ? double.NaN : selected.Average(s => s.DecodeAndPreprocessMs);
    }

    /// <summary>A plain-text table of the samples, one line per file and path.</summary>
    public string ToTable()
    {
        var lines = new List<string>
        {
            $"{"path",-12} {"stored",11} {"decoded",11} {"decode ms",10} {"cpu s",8} {"+prep ms",9} {"cpu s",8}  file",
        };
        lines.AddRange(Samples.Select(s => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{s.DecodePath,-12} {s.StoredWidth + "x" + s.StoredHeight,11} {s.DecodedWidth + "x" + s.DecodedHeight,11} {s.DecodeMs,10:F1} {s.DecodeCpuSeconds,8:F4} {s.DecodeAndPreprocessMs,9:F1} {s.DecodeAndPreprocessCpuSeconds,8:F4}  {System.IO.Path.GetFileName(s.Path)}")));
        return string.Join(Environment.NewLine, lines);
    }
}
