using System.Diagnostics;
using VlSearch.Core;
using Xunit.Abstractions;

namespace VlSearch.Imaging.Tests;

/// <summary>
/// Ten thousand and more generated and mutated files in every supported format go through the decoder the indexer
/// uses; each must come back decoded or as a <see cref="PhotoDecodeException"/> with a one-line reason.
/// </summary>
/// <remarks>
/// Time is held by the decoder's own budget (2 s here, as the suite's bound), not by a stopwatch assert, so the
/// outcome does not depend on the machine's speed; the measured slowest file is written to the test output.
/// </remarks>
[Collection(HostileImageSuiteCollection.Name)]
public sealed class HostileImageSuiteTests : IClassFixture<TempFolder>
{
    private const int MutatedFiles = 10_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    private readonly TempFolder _dir;
    private readonly ITestOutputHelper _output;

    public HostileImageSuiteTests(TempFolder dir, ITestOutputHelper output)
    {
        _dir = dir;
        _output = output;
    }

    [Fact]
    public void Every_generated_and_mutated_file_is_decoded_or_rejected_with_a_reason_and_memory_stays_under_a_gibibyte()
    {
        var decoder = new PhotoDecoder(new DecoderOptions { Timeout = Budget });
        var seeds = HostileSeeds.Valid();
        var files = HostileSeeds.Crafted(seeds).Concat(HostileMutator.Mutate(seeds, MutatedFiles, randomSeed: 12));

        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var peakBefore = process.PeakWorkingSet64;
        var workingSetBefore = process.WorkingSet64;

        var outcomes = new List<Outcome>();
        var path = _dir.File("case.bin");
        var index = 0;
        foreach (var file in files)
        {
            File.WriteAllBytes(path, file.Bytes);
            var heavy = file.Name.StartsWith("bomb-", StringComparison.Ordinal) || file.Name.StartsWith("declared-", StringComparison.Ordinal);
            if (heavy)
            {
                // The limit is per decode: the pixels of the previous bomb are garbage, not memory this one needs.
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            // Both paths the product takes, in turn: the scaled decode the indexer asks for, and a full-size decode.
            outcomes.Add(Run(decoder, path, file, index++ % 2 == 0 ? 224 : 0, process));
        }

        process.Refresh();
        var peakGrowth = process.PeakWorkingSet64 - Math.Max(peakBefore, workingSetBefore);
        Report(outcomes, peakGrowth, process.PeakWorkingSet64);

        var crashes = outcomes.Where(o => o.Crash is not null).Select(o => $"{o.Name} (edge {o.Edge}): {o.Crash}").ToList();
        Assert.True(crashes.Count == 0, $"{crashes.Count} files escaped the decoder's typed failure:\n{string.Join('\n', crashes.Take(20))}");
        var unexplained = outcomes.Where(o => o.Failure is not null && (string.IsNullOrWhiteSpace(o.Failure) || o.Failure.Contains('\n', StringComparison.Ordinal))).ToList();
        Assert.True(unexplained.Count == 0, $"failures without a one-line reason: {string.Join(", ", unexplained.Select(o => o.Name).Take(20))}");
        Assert.True(outcomes.Select(o => o.Name).Distinct().Count() >= MutatedFiles, "fewer files than the suite promises");
        Assert.Contains(outcomes, o => o.Failure is null);
        Assert.Contains(outcomes, o => o.Failure is not null);

        // Peak resident memory of this process while the suite ran (grows with the largest single decode, not the count).
        Assert.True(peakGrowth < 1L << 30, $"peak working set grew by {peakGrowth:N0} bytes");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(224)]
    public void Decompression_bombs_in_every_format_are_stopped_by_the_time_budget(int minShortEdge)
    {
        // The pixels-per-byte check would refuse most of these before decoding; off here, so the budget itself is tested.
        var hurried = new PhotoDecoder(new DecoderOptions { Timeout = TimeSpan.FromMilliseconds(1), MaxPixelsPerByte = 0 });
        var bombs = HostileSeeds.Bombs.Value;
        var path = _dir.File($"bomb-{minShortEdge}.bin");

        Assert.Equal(["bmp", "gif", "jpeg", "png", "tiff", "webp"], bombs.Select(b => b.Format).Distinct().Order());
        foreach (var bomb in bombs)
        {
            File.WriteAllBytes(path, bomb.Bytes);
            var e = Assert.Throws<PhotoDecodeException>(() => hurried.Decode(path, minShortEdge));
            Assert.True(e.Message.Contains("time budget", StringComparison.Ordinal), $"{bomb.Name}: {e.Message}");
        }
    }

    [Fact]
    public void The_generated_suite_is_the_same_on_every_run()
    {
        var first = HostileMutator.Mutate(HostileSeeds.Valid(), 500, randomSeed: 12).Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(f.Bytes)));
        var second = HostileMutator.Mutate(HostileSeeds.Valid(), 500, randomSeed: 12).Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(f.Bytes)));

        Assert.Equal(first, second);
    }

    private static Outcome Run(PhotoDecoder decoder, string path, HostileFile file, int edge, Process process)
    {
        var outcome = Decode(decoder, path, file, edge);
        var peak = process.PeakWorkingSet64;
        process.Refresh();
        return outcome with { PeakRise = process.PeakWorkingSet64 - peak };
    }

    private static Outcome Decode(PhotoDecoder decoder, string path, HostileFile file, int edge)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            decoder.ReadMetadata(path);
        }
        catch (PhotoDecodeException)
        {
            // Decode below must reach the same verdict with its reason; metadata failures are only checked for type.
        }
        catch (Exception e)
        {
            return new Outcome(file.Name, file.Format, edge, watch.Elapsed, null, $"ReadMetadata: {e.GetType().Name}: {e.Message}");
        }

        watch.Restart();
        try
        {
            var photo = decoder.Decode(path, edge);
            var expected = (long)photo.Image.Width * photo.Image.Height * 3;
            return photo.Image.Pixels.Length == expected
                ? new Outcome(file.Name, file.Format, edge, watch.Elapsed, null, null)
                : new Outcome(file.Name, file.Format, edge, watch.Elapsed, null, $"pixel buffer of {photo.Image.Pixels.Length} bytes for {photo.Image.Width}x{photo.Image.Height}");
        }
        catch (PhotoDecodeException e)
        {
            return new Outcome(file.Name, file.Format, edge, watch.Elapsed, e.Message, null);
        }
        catch (Exception e)
        {
            return new Outcome(file.Name, file.Format, edge, watch.Elapsed, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private void Report(List<Outcome> outcomes, long peakGrowth, long peak)
    {
        var slowest = outcomes.MaxBy(o => o.Elapsed)!;
        _output.WriteLine($"{outcomes.Count} decodes of {outcomes.Select(o => o.Name).Distinct().Count()} files: " +
            $"{outcomes.Count(o => o.Failure is null && o.Crash is null)} decoded, {outcomes.Count(o => o.Failure is not null)} rejected, {outcomes.Count(o => o.Crash is not null)} crashes");
        _output.WriteLine($"slowest: {slowest.Name} (edge {slowest.Edge}) {slowest.Elapsed.TotalMilliseconds:0} ms; over budget: {outcomes.Count(o => o.Elapsed > Budget)}");
        _output.WriteLine($"peak working set {peak / (1 << 20):N0} MiB, grew by {peakGrowth / (1 << 20):N0} MiB during the suite");
        foreach (var group in outcomes.Where(o => o.Failure is not null).GroupBy(o => Category(o.Failure!)).OrderByDescending(g => g.Count()))
        {
            _output.WriteLine($"  {group.Count(),6}  {group.Key}");
        }

        foreach (var o in outcomes.Where(o => o.PeakRise > 64 << 20 || o.Elapsed > Budget))
        {
            _output.WriteLine($"  heavy: {o.Name} (edge {o.Edge}) {o.Elapsed.TotalMilliseconds:0} ms, peak +{o.PeakRise >> 20} MiB, {o.Failure ?? "decoded"}");
        }

        foreach (var format in outcomes.GroupBy(o => o.Format))
        {
            var slow = format.MaxBy(o => o.Elapsed)!;
            _output.WriteLine($"  {format.Key}: {format.Count()} decodes, slowest {slow.Name} {slow.Elapsed.TotalMilliseconds:0} ms");
        }
    }

    private static string Category(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? reason[..colon] : reason.Length > 60 ? reason[..60] : reason;
    }

    private sealed record Outcome(string Name, string Format, int Edge, TimeSpan Elapsed, string? Failure, string? Crash)
    {
        public long PeakRise { get; init; }
    }
}
