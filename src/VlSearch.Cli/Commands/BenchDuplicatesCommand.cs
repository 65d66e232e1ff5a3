using System.ComponentModel;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Search;
using VlSearch.Search.Duplicates;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch bench duplicates</c>: calibrates the duplicate threshold on N generated photos plus five edited copies
/// of each (recall of copies and wrong-member rate at every threshold, the lowest threshold with at most 2 % wrong
/// members chosen), and times grouping at scale on synthetic vectors. Everything lives in throwaway folders.
/// </summary>
[Description("Calibrate the near-duplicate threshold on generated edited copies and time grouping at scale (JSON).")]
public sealed class BenchDuplicatesCommand : HostedCommand<BenchDuplicatesCommand.Settings>
{
    /// <summary>Wrong members allowed at the chosen threshold.</summary>
    public const double WrongMemberBudget = 0.02;

    /// <summary>Thresholds tried: from 0.5 in steps of 0.005 up to 0.995 (copies and look-alikes can be 0.01 apart).</summary>
    public const int SweepSteps = 100;

    private const float SweepStart = 0.5f;
    private const float SweepStep = 0.005f;

    public sealed class Settings : GlobalSettings
    {
        [CommandOption("-n|--count <N>")]
        [Description("Generated originals (each gets 5 edited copies); 0 skips calibration.")]
        [DefaultValue(500)]
        public int Count { get; init; } = 500;

        [CommandOption("--scale <N>")]
        [Description("Synthetic vectors to group for the timing; 0 skips it.")]
        [DefaultValue(100_000)]
        public int Scale { get; init; } = 100_000;

        [CommandOption("--seed <SEED>")]
        [DefaultValue(13)]
        public int Seed { get; init; } = 13;

        public override Spectre.Console.ValidationResult Validate() =>
            Count < 0 || Scale < 0 || (Count == 0 && Scale == 0)
                ? Spectre.Console.ValidationResult.Error("--count and --scale cannot be negative, and one must be positive.")
                : base.Validate();
    }

    /// <summary>Recall of copies and wrong-member rate when grouping at <see cref="Threshold"/>.</summary>
    public sealed record ThresholdResult(float Threshold, double Recall, double WrongMembers, int Groups);

    public sealed record Calibration(
        string Model, int Originals, int Copies, IReadOnlyList<string> Edits, double EmbedSeconds, double GroupSeconds,
        float ChosenThreshold, float ConfiguredThreshold, ThresholdResult AtChosen, ThresholdResult AtConfigured,
        IReadOnlyDictionary<string, double> RecallByEditAtChosen, IReadOnlyDictionary<string, double> RecallByEditAtConfigured,
        IReadOnlyList<ThresholdResult> Sweep);

    /// <summary>
    /// The timing at scale. <see cref="GroupCpuSeconds"/> is the processor time the grouping used on all cores, which
    /// other work on a shared machine does not inflate the way it does <see cref="GroupSeconds"/>;
    /// <see cref="LoadAverage"/> is the one-minute load when grouping ended (null where the OS does not say).
    /// </summary>
    public sealed record Scale(
        int Photos, int Dimension, int Neighbours, float Threshold, int Cores, double BuildSeconds, double GroupSeconds, double GroupCpuSeconds,
        int Groups, int GroupedPhotos, double? LoadAverage);

    public sealed record Report(Calibration? Calibration, Scale? Scale);

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<DuplicateOptions>>().Value;
        var model = LoadModel(services, string.IsNullOrWhiteSpace(settings.Model) ? options.Model : settings.Model, visual: true, baseModel: true);
        var calibration = settings.Count > 0 ? await CalibrateAsync(services, model, options, settings, cancellationToken) : null;
        var scale = settings.Scale > 0 ? await TimeAsync(services, model.Dimension, options, settings, cancellationToken) : null;
        CliJson.Write(new Report(calibration, scale));
        return 0;
    }

    private static async Task<Calibration> CalibrateAsync(IServiceProvider services, IEmbeddingModel model, DuplicateOptions options, Settings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "vlsearch-bench-duplicates-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var sets = EditedCopies.Write(Path.Combine(folder, "photos"), settings.Count, settings.Seed, cancellationToken);
            await using var index = services.GetRequiredService<IVectorIndexFactory>().CreateEmbedded(Path.Combine(folder, "index"));
            var search = ActivatorUtilities.CreateInstance<PhotoSearch>(services, index);
            var spec = new CollectionSpec(model.Id, model.Dimension);
            await index.EnsureCollectionAsync(spec, cancellationToken);

            var embed = Stopwatch.StartNew();
            var origin = new Dictionary<long, int>();
            var edit = new Dictionary<long, string>();
            var candidates = new List<DuplicateCandidate>();
            var records = new List<VectorRecord>();
            var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            foreach (var (set, number) in sets.Select((s, i) => (s, i)))
            {
                foreach (var (file, kind) in set.Copies.Zip(EditedCopies.Edits).Prepend((set.Original, "original")))
                {
                    var id = candidates.Count + 1L;
                    var vector = search.EmbedImage(model, file, cancellationToken);
                    var info = Image.Identify(file);
                    candidates.Add(new DuplicateCandidate(new DuplicatePhoto(id, file, info.Width, info.Height, null, start.AddMinutes(id)), vector));
                    records.Add(new VectorRecord(id, vector, new PhotoPayload { Path = file }));
                    origin[id] = number;
                    edit[id] = kind;
                }
            }

            await index.UpsertAsync(spec.Name, records, cancellationToken);
            embed.Stop();

            var clock = Stopwatch.StartNew();
            var scan = await new DuplicateGrouper(index).ScanAsync(spec.Name, ToAsync(candidates, cancellationToken), candidates.Count, 0.5f, options.Neighbours, cancellationToken: cancellationToken);
            var configured = DuplicateGrouper.Group(scan, options.Threshold);
            clock.Stop();

            var sweep = Enumerable.Range(0, SweepSteps).Select(step => MathF.Round(SweepStart + step * SweepStep, 3))
                .Select(t => Evaluate(DuplicateGrouper.Group(scan, t), t, origin, edit, out _)).ToList();
            var chosen = sweep.Where(r => r.WrongMembers <= WrongMemberBudget).OrderBy(r => r.Threshold).FirstOrDefault() ?? sweep[^1];
            Evaluate(DuplicateGrouper.Group(scan, chosen.Threshold), chosen.Threshold, origin, edit, out var byEditAtChosen);
            var atConfigured = Evaluate(configured, options.Threshold, origin, edit, out var byEdit);
            return new Calibration(
                model.Id, sets.Count, sets.Sum(s => s.Copies.Count), EditedCopies.Edits, Math.Round(embed.Elapsed.TotalSeconds, 2), Math.Round(clock.Elapsed.TotalSeconds, 3),
                chosen.Threshold, options.Threshold, chosen, atConfigured, byEditAtChosen, byEdit, sweep);
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>
    /// A copy is recalled when it shares a group with its original. A grouped photo is a wrong member when its
    /// original differs from the one most of its group comes from.
    /// </summary>
    public static ThresholdResult Evaluate(IReadOnlyList<DuplicateGroup> groups, float threshold, IReadOnlyDictionary<long, int> origin, IReadOnlyDictionary<long, string> edit, out IReadOnlyDictionary<string, double> recallByEdit)
    {
        var groupOf = new Dictionary<long, int>();
        var wrong = 0;
        var grouped = 0;
        foreach (var (group, number) in groups.Select((g, i) => (g, i)))
        {
            var majority = group.Members.GroupBy(m => origin[m.Photo.Id]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            foreach (var member in group.Members)
            {
                groupOf[member.Photo.Id] = number;
                grouped++;
                wrong += origin[member.Photo.Id] == majority ? 0 : 1;
            }
        }

        var originalOf = origin.Where(o => edit[o.Key] == "original").ToDictionary(o => o.Value, o => o.Key);
        var copies = origin.Keys.Where(id => edit[id] != "original").ToList();
        bool Recalled(long id) => groupOf.TryGetValue(id, out var g) && groupOf.TryGetValue(originalOf[origin[id]], out var o) && g == o;
        recallByEdit = copies.GroupBy(id => edit[id]).ToDictionary(g => g.Key, g => Math.Round(g.Count(Recalled) / (double)g.Count(), 4));
        return new ThresholdResult(
            threshold,
            Math.Round(copies.Count == 0 ? 0 : copies.Count(Recalled) / (double)copies.Count, 4),
            Math.Round(grouped == 0 ? 0 : wrong / (double)grouped, 4),
            groups.Count);
    }

    /// <summary>
    /// Grouping time on synthetic vectors: clusters of related but distinct photos, a tenth of them with a few
    /// near-identical copies, in an embedded index like the default setup.
    /// </summary>
    private static async Task<Scale> TimeAsync(IServiceProvider services, int dimension, DuplicateOptions options, Settings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "vlsearch-bench-duplicates-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var index = services.GetRequiredService<IVectorIndexFactory>().CreateEmbedded(folder);
            var spec = new CollectionSpec("bench-duplicates", dimension);
            await index.EnsureCollectionAsync(spec, cancellationToken);
            var random = new Random(settings.Seed);
            var centres = Enumerable.Range(0, Math.Max(1, settings.Scale / 100)).Select(_ => Noise(dimension, random, 1f)).ToList();
            var candidates = new List<DuplicateCandidate>(settings.Scale);
            var batch = new List<VectorRecord>(10_000);
            var build = Stopwatch.StartNew();
            var start = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < settings.Scale; i++)
            {
                var id = i + 1L;
                var vector = i > 0 && random.Next(10) == 0
                    ? Perturb(candidates[random.Next(Math.Max(0, i - 5), i)].Vector, 0.12f, random)
                    : Perturb(centres[random.Next(centres.Count)], 0.9f, random);
                var path = $"/bench/{i / 1000:000}/{i:0000000}.jpg";
                candidates.Add(new DuplicateCandidate(new DuplicatePhoto(id, path, 4000, 3000, null, start.AddMinutes(i)), vector));
                batch.Add(new VectorRecord(id, vector, new PhotoPayload { Path = path }));
                if (batch.Count == batch.Capacity || i == settings.Scale - 1)
                {
                    await index.UpsertAsync(spec.Name, batch, cancellationToken);
                    batch.Clear();
                }
            }

            await index.FlushAsync(cancellationToken);
            build.Stop();

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var scan = await new DuplicateGrouper(index).ScanAsync(spec.Name, ToAsync(candidates, cancellationToken), candidates.Count, options.Threshold, options.Neighbours, cancellationToken: cancellationToken);
            var groups = DuplicateGrouper.Group(scan, options.Threshold);
            clock.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            return new Scale(settings.Scale, dimension, options.Neighbours, options.Threshold, Environment.ProcessorCount,
                Math.Round(build.Elapsed.TotalSeconds, 2), Math.Round(clock.Elapsed.TotalSeconds, 2), Math.Round(cpu.TotalSeconds, 2), groups.Count, groups.Sum(g => g.Members.Count), LoadAverage());
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>
    /// The one-minute load average from /proc/loadavg: a timing on a shared machine means little without it.
    /// </summary>
    internal static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static float[] Noise(int dimension, Random random, float scale)
    {
        var vector = new float[dimension];
        for (var j = 0; j < dimension; j++)
        {
            vector[j] = scale * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return vector;
    }

    /// <summary>The unit vector of <paramref name="seed"/> plus noise of <paramref name="amount"/> times its length.</summary>
    private static float[] Perturb(float[] seed, float amount, Random random)
    {
        var noise = Noise(seed.Length, random, TensorPrimitives.Norm(seed) * amount / MathF.Sqrt(seed.Length));
        TensorPrimitives.Add(seed, noise, noise);
        TensorPrimitives.Divide(noise, TensorPrimitives.Norm(noise), noise);
        return noise;
    }

    private static async IAsyncEnumerable<DuplicateCandidate> ToAsync(IEnumerable<DuplicateCandidate> candidates, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return candidate;
        }

        await Task.CompletedTask;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
