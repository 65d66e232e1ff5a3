using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Core.Matching;
using VlSearch.Onnx.Matching;
using VlSearch.Search.Evaluation;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch bench rerank</c>: the cost of image–text matching — image features per photo, one pair, and the
/// top K of one query — for an installed matcher or a random-weight model with BLIP-ITM-base sizes, as JSON.
/// </summary>
[Description("Benchmark an image-text matching reranker: feature extraction per image, ms per pair, ms per query for the top K (JSON).")]
public sealed class BenchRerankCommand : Command<BenchRerankCommand.Settings>
{
    private static readonly string[] Queries =
    [
        "a red circle left of a blue square",
        "a small yellow triangle above a large green circle",
        "two dogs running on the beach at sunset",
        "a white house next to a tall tree under a cloudy sky",
    ];

    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--blip-base")]
        [Description("Time a random-weight model with BLIP-ITM-base sizes (ViT-B/16 at 384, BERT-base with cross-attention), written to a temporary folder first.")]
        public bool BlipBase { get; init; }

        [CommandOption("--top <K>")]
        [Description("Candidates reranked per query.")]
        [DefaultValue(50)]
        public int Top { get; init; } = 50;

        [CommandOption("--runs <N>")]
        [Description("Timed runs of each measurement.")]
        [DefaultValue(5)]
        public int Runs { get; init; } = 5;

        [CommandOption("--images <N>")]
        [Description("Images per feature-extraction run.")]
        [DefaultValue(8)]
        public int Images { get; init; } = 8;

        public override ValidationResult Validate() =>
            BlipBase == !string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("Give either --model <folder or installed name> or --blip-base.")
            : Top is < 1 or > 200 ? ValidationResult.Error("--top must be between 1 and 200.")
            : Runs is < 1 or > 1000 ? ValidationResult.Error("--runs must be between 1 and 1000.")
            : Images is < 1 or > 256 ? ValidationResult.Error("--images must be between 1 and 256.")
            : Device?.Trim().ToLowerInvariant() is not (null or "" or "cpu" or "cuda" or "gpu") ? ValidationResult.Error($"Unknown device '{Device}': use cpu or cuda.")
            : ValidationResult.Success();
    }

    private sealed record Percentiles(double P50, double P95);

    private sealed record Report(
        string Model,
        string Device,
        int FeatureTokens,
        int FeatureWidth,
        int Top,
        int Runs,
        int Cores,
        double? LoadAverageBefore,
        double? LoadAverageAfter,
        double? ModelWriteSeconds,
        Percentiles FeatureMsPerImage,
        Percentiles MsPerPair,
        Percentiles MsPerSinglePair,
        Percentiles MsPerQuery);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var wantCuda = settings.Device?.Trim().ToLowerInvariant() is "cuda" or "gpu";
        string? temporary = null;
        double? writeSeconds = null;
        try
        {
            string folder;
            if (settings.BlipBase)
            {
                temporary = Path.Combine(Path.GetTempPath(), "vlsearch-blip-itm-base-" + Guid.NewGuid().ToString("N")[..8]);
                Console.Error.WriteLine("bench: writing a random-weight BLIP-ITM-base model (about 1 GB)");
                var watch = Stopwatch.StartNew();
                BlipItmModelWriter.Write(temporary, BlipItmSizes.Base, seed: 1, id: "random-blip-itm-base");
                writeSeconds = Math.Round(watch.Elapsed.TotalSeconds, 1);
                folder = temporary;
            }
            else
            {
                folder = TokenizeCommand.ModelFolder(settings.Model!, settings.Data);
                if (!OnnxImageTextMatcherLoader.IsMatcherFolder(folder))
                {
                    Console.Error.WriteLine($"error: {folder} is not an image-text matching model (config.json with model_type \"blip\" and {OnnxImageTextMatcherLoader.TextMatcherFile}).");
                    return CliApplication.UsageError;
                }
            }

            var options = new InferenceOptions { Device = wantCuda ? ExecutionDevice.Cuda : ExecutionDevice.Cpu };
            using var matcher = OnnxImageTextMatcherLoader.Load(folder, options);
            if (wantCuda && matcher.Device != ExecutionDevice.Cuda)
            {
                Console.Error.WriteLine("error: --device cuda was asked for but CUDA is not available (a GPU build of vlsearch, -p:VlSearchGpu=true, and a working CUDA driver are needed).");
                return CliApplication.UsageError;
            }

            CliJson.Write(Measure(matcher, settings, writeSeconds, cancellationToken));
            return 0;
        }
        finally
        {
            if (temporary is not null && Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    private static Report Measure(IImageTextMatcher matcher, Settings settings, double? writeSeconds, CancellationToken cancellationToken)
    {
        var loadBefore = BenchDuplicatesCommand.LoadAverage();
        var random = new Random(7);
        var pixels = new float[settings.Images * matcher.Preprocess.TensorLength];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (random.NextSingle() * 4) - 2;
        }

        var extracted = new float[settings.Images * matcher.FeatureLength];
        Console.Error.WriteLine($"bench: warming up on {matcher.Device.ToString().ToLowerInvariant()}");
        matcher.ExtractFeatures(pixels.AsSpan(0, matcher.Preprocess.TensorLength), 1, extracted);
        var featureMs = new List<double>();
        for (var run = 0; run < settings.Runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            matcher.ExtractFeatures(pixels, settings.Images, extracted);
            featureMs.Add(watch.Elapsed.TotalMilliseconds / settings.Images);
            Console.Error.WriteLine($"bench: features run {run + 1}/{settings.Runs}: {featureMs[^1]:F1} ms per image");
        }

        // The candidates of a query: the extracted images repeated to K (matching cost does not depend on the values).
        var features = new float[settings.Top * matcher.FeatureLength];
        for (var i = 0; i < settings.Top; i++)
        {
            extracted.AsSpan((i % settings.Images) * matcher.FeatureLength, matcher.FeatureLength).CopyTo(features.AsSpan(i * matcher.FeatureLength));
        }

        var probabilities = new float[settings.Top];
        matcher.Match(Queries[0], features.AsSpan(0, matcher.FeatureLength), 1, probabilities);
        var singleMs = new List<double>();
        var queryMs = new List<double>();
        var pairMs = new List<double>();
        for (var run = 0; run < settings.Runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var query = Queries[run % Queries.Length];
            var watch = Stopwatch.StartNew();
            matcher.Match(query, features.AsSpan(0, matcher.FeatureLength), 1, probabilities);
            singleMs.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            matcher.Match(query, features, settings.Top, probabilities);
            queryMs.Add(watch.Elapsed.TotalMilliseconds);
            pairMs.Add(queryMs[^1] / settings.Top);
            Console.Error.WriteLine($"bench: rerank run {run + 1}/{settings.Runs}: {queryMs[^1]:F1} ms for the top {settings.Top}");
        }

        return new Report(
            matcher.Id,
            matcher.Device.ToString().ToLowerInvariant(),
            matcher.FeatureTokens,
            matcher.FeatureWidth,
            settings.Top,
            settings.Runs,
            Environment.ProcessorCount,
            loadBefore,
            BenchDuplicatesCommand.LoadAverage(),
            writeSeconds,
            Summarize(featureMs),
            Summarize(pairMs),
            Summarize(singleMs),
            Summarize(queryMs));
    }

    private static Percentiles Summarize(List<double> samples) =>
        new(Math.Round(RankingMetrics.Percentile(samples, 0.5), 3), Math.Round(RankingMetrics.Percentile(samples, 0.95), 3));
}
