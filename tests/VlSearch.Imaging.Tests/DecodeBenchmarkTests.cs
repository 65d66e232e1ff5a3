using SixLabors.ImageSharp;
using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

public sealed class DecodeBenchmarkTests : IClassFixture<TempFolder>
{
    private readonly TempFolder _dir;

    public DecodeBenchmarkTests(TempFolder dir) => _dir = dir;

    [Fact]
    public void Benchmark_reports_both_paths_for_a_scalable_jpeg_and_one_for_a_png()
    {
        var jpeg = _dir.File("bench.jpg");
        var png = _dir.File("bench.png");
        using (var image = TestImages.PhotoLike(960, 720))
        {
            image.SaveAsJpeg(jpeg);
            image.SaveAsPng(png);
        }

        var spec = new PreprocessSpec();
        var seen = new List<DecodeBenchmarkSample>();

        var report = DecodeBenchmark.Run([jpeg, png], spec.MinimumDecodeEdge, spec, 1, new SynchronousProgress(seen));

        Assert.Equal(
            [(jpeg, DecodeBenchmark.ImageSharpPath), (jpeg, DecodeBenchmark.SkiaScaledPath), (png, DecodeBenchmark.ImageSharpPath)],
            report.Samples.Select(s => (s.Path, s.DecodePath)).ToArray());
        Assert.Equal(report.Samples, seen);
        var skia = report.Samples[1];
        Assert.Equal((480, 360), (skia.DecodedWidth, skia.DecodedHeight));
        Assert.Equal((960, 720), (skia.StoredWidth, skia.StoredHeight));
        Assert.All(report.Samples, s => Assert.True(s.DecodeMs > 0 && s.DecodeAndPreprocessMs > 0 && s.DecodeCpuSeconds >= 0));
        Assert.Contains("skia-scaled", report.ToTable());
    }

    private sealed class SynchronousProgress(List<DecodeBenchmarkSample> sink) : IProgress<DecodeBenchmarkSample>
    {
        public void Report(DecodeBenchmarkSample value) => sink.Add(value);
    }
}
