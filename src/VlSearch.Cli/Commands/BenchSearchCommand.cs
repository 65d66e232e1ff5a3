using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Indexing;
using VlSearch.Search;
using VlSearch.USearch;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch bench search</c>: text-search latency (encode the query + search the index) over an embedded index
/// of N photos, as JSON. The index is built in a throwaway folder, never in the data folder's index.
/// </summary>
[Description("Benchmark text-search latency (query encoding + index search) at N photos, or with --http through the web app's API (JSON).")]
public sealed class BenchSearchCommand : HostedCommand<BenchSearchCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("-n|--count <N>")]
        [Description("Photos in the index.")]
        [DefaultValue(100_000)]
        public int Count { get; init; } = 100_000;

        [CommandOption("--queries <Q>")]
        [Description("Timed queries (after a warm-up).")]
        [DefaultValue(500)]
        public int Queries { get; init; } = 500;

        [CommandOption("-k <K>")]
        [Description("Hits per query (a page of the web app's grid).")]
        [DefaultValue(48)]
        public int K { get; init; } = 48;

        [CommandOption("--photos <DIR>")]
        [Description("Images whose embeddings seed the synthetic collection (up to 256 are embedded); random clusters without it.")]
        public string? Photos { get; init; }

        [CommandOption("--rerank-top <N>")]
        [Description("Where a reranker is installed: also time its matching pass over this many hits per query (stored features; 0 skips it).")]
        [DefaultValue(50)]
        public int RerankTop { get; init; } = 50;

        [CommandOption("--http")]
        [Description("Search through the web app's HTTP API on loopback (GET /api/v1/search) over a catalogued library of N photos, built once and reused.")]
        public bool Http { get; init; }

        [CommandOption("--stages <STAGES>")]
        [Description("With --http: the stages= of each search: vector, keyword, hybrid, or hybrid+rerank.")]
        [DefaultValue("hybrid")]
        public string Stages { get; init; } = "hybrid";

        [CommandOption("--concurrency <N>")]
        [Description("With --http: after the sequential run, run the same searches from N clients at once (0: sequential only).")]
        [DefaultValue(0)]
        public int Concurrency { get; init; }

        [CommandOption("--bench-data <DIR>")]
        [Description("With --http: data folder of the benchmark library (default: bench/search-http-N-MODEL in the data folder).")]
        public string? BenchData { get; init; }

        [CommandOption("--rebuild")]
        [Description("With --http: catalogue the benchmark library again even when one of the same size and model exists.")]
        public bool Rebuild { get; init; }

        [CommandOption("--web <DLL>")]
        [Description("With --http: the web app's VlSearch.Web.dll (default: $VLSEARCH_WEB_DLL, else the Release build in this checkout).")]
        public string? Web { get; init; }

        public override Spectre.Console.ValidationResult Validate()
        {
            if (Count < 1 || Queries < 1 || K is < 1 or > PhotoSearch.MaxResults)
            {
                return Spectre.Console.ValidationResult.Error("--count and --queries must be positive and -k between 1 and 1000.");
            }

            if (Photos is not null && !Directory.Exists(Photos))
            {
                return Spectre.Console.ValidationResult.Error($"Folder not found: {Photos}");
            }

            if (!Http && (Concurrency != 0 || BenchData is not null || Rebuild || Web is not null))
            {
                return Spectre.Console.ValidationResult.Error("--concurrency, --bench-data, --rebuild and --web only apply with --http.");
            }

            if (RerankTop is < 0 or > Search.Ranking.SearchOptions.MaxRerankDepth)
            {
                return Spectre.Console.ValidationResult.Error($"--rerank-top must be between 0 and {Search.Ranking.SearchOptions.MaxRerankDepth}.");
            }

            if (Concurrency is < 0 or > 256)
            {
                return Spectre.Console.ValidationResult.Error("--concurrency must be between 0 and 256.");
            }

            try
            {
                Search.Evaluation.PipelineConfiguration.Parse(Stages);
            }
            catch (ArgumentException e)
            {
                return Spectre.Console.ValidationResult.Error("--stages: " + e.Message.Split(" (Parameter", 2)[0]);
            }

            return base.Validate();
        }
    }

    /// <summary>Latency percentiles in milliseconds.</summary>
    public sealed record Latency(double P50, double P95, double P99, double Mean);

    public sealed record Report(
        string Model, int Photos, int Dimension, string Quantization, int Queries, int K, string Seeds, double BuildSeconds,
        Latency TextSearch, Latency EncodeQuery, Latency IndexSearch, Latency FilteredTextSearch)
    {
        /// <summary>
        /// The rerank stage's added time per query: the matcher over <see cref="RerankTop"/> hits whose image features are
        /// stored (random features of the model's shape); null when no reranker is installed or it was not asked for.
        /// </summary>
        public Latency? Rerank { get; init; }

        /// <summary>Hits reranked per query.</summary>
        public int? RerankTop { get; init; }

        /// <summary>The reranker's model id, or why it was not timed.</summary>
        public string? Reranker { get; init; }
    }

    private static readonly string[] Subjects = ["dog", "cat", "child", "car", "boat", "mountain", "beach", "forest", "city street", "birthday cake", "red square", "blue circle", "yellow star", "green triangle"];
    private static readonly string[] Contexts = ["at sunset", "in the snow", "on a dark background", "next to a river", "at night", "under a striped sky", "on a checked floor", "in the rain"];
    private static readonly string[] Cameras = ["Canon EOS R6", "NIKON Z 6", "Apple iPhone 13", "FUJIFILM X-T4", "SONY ILCE-7M3"];

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var model = LoadModel(services, settings.Model);
        if (model.Text is null)
        {
            throw new ArgumentException($"The model '{model.Id}' has no text encoder.");
        }

        if (settings.Http)
        {
            return await HttpSearchBench.RunAsync(settings, model, services.GetRequiredService<PhotoSearch>(), cancellationToken);
        }

        var options = services.GetRequiredService<IOptions<USearchOptions>>().Value;
        var folder = Path.Combine(Path.GetTempPath(), "vlsearch-bench-search-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var index = services.GetRequiredService<IVectorIndexFactory>().CreateEmbedded(folder);
            var search = ActivatorUtilities.CreateInstance<PhotoSearch>(services, index);
            var random = new Random(42);
            var (seeds, seedKind) = SyntheticVectors.Seeds(search, model, settings.Photos, random, cancellationToken);

            var build = Stopwatch.StartNew();
            var spec = new CollectionSpec(model.Id, model.Dimension);
            await index.EnsureCollectionAsync(spec, cancellationToken);
            var batch = new List<VectorRecord>(10_000);
            for (var i = 0; i < settings.Count; i++)
            {
                batch.Add(new VectorRecord(i + 1, SyntheticVectors.Jitter(seeds[random.Next(seeds.Count)], random), new PhotoPayload
                {
                    Path = $"/bench/{i / 1000:000}/{i:0000000}.jpg",
                    Library = "bench",
                    FileType = "jpeg",
                    Camera = Cameras[i % Cameras.Length],
                    TakenAt = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(0, 5_000_000)),
                }));
                if (batch.Count == batch.Capacity || i == settings.Count - 1)
                {
                    await index.UpsertAsync(spec.Name, batch, cancellationToken);
                    batch.Clear();
                }
            }

            await index.FlushAsync(cancellationToken);
            build.Stop();

            var queries = Enumerable.Range(0, settings.Queries + 20)
                .Select(i => $"a photo of a {Subjects[i % Subjects.Length]} {Contexts[(i / Subjects.Length) % Contexts.Length]}")
                .ToList();
            var filter = new PhotoFilter { Cameras = [Cameras[0]] };

            // Warm-up: first calls pay for JIT and page faults.
            foreach (var query in queries.Take(20))
            {
                await search.SearchTextAsync(model, query, settings.K, cancellationToken: cancellationToken);
            }

            var total = new List<double>();
            var encode = new List<double>();
            var lookup = new List<double>();
            var filtered = new List<double>();
            foreach (var query in queries.Skip(20))
            {
                var clock = Stopwatch.StartNew();
                await search.SearchTextAsync(model, query, settings.K, cancellationToken: cancellationToken);
                total.Add(clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                var vector = model.Text.Encode([query])[0];
                encode.Add(clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                await search.SearchVectorAsync(model, vector, settings.K, cancellationToken: cancellationToken);
                lookup.Add(clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                await search.SearchTextAsync(model, query, settings.K, filter, cancellationToken: cancellationToken);
                filtered.Add(clock.Elapsed.TotalMilliseconds);
            }

            var (rerank, reranker) = TimeRerank(services, queries.Skip(20).ToList(), settings.RerankTop);
            CliJson.Write(new Report(
                model.Id, settings.Count, model.Dimension, options.Quantization.ToString().ToLowerInvariant(), settings.Queries, settings.K, seedKind,
                Math.Round(build.Elapsed.TotalSeconds, 2), Summarize(total), Summarize(encode), Summarize(lookup), Summarize(filtered))
            {
                Rerank = rerank,
                RerankTop = rerank is null ? null : settings.RerankTop,
                Reranker = reranker,
            });
            return 0;
        }
        finally
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

    /// <summary>Times the installed matcher over <paramref name="top"/> stored-feature hits per query (after a warm-up).</summary>
    private static (Latency? Latency, string? Reranker) TimeRerank(IServiceProvider services, List<string> queries, int top)
    {
        var installation = services.GetRequiredService<Hosting.RerankerInstallation>();
        if (top == 0 || installation.Model is not { } reranker)
        {
            return (null, top == 0 ? null : installation.NotInstalled);
        }

        if (!reranker.TryLoad(out var matcher, out var reason))
        {
            return (null, reason);
        }

        var random = new Random(7);
        var features = new float[top * matcher!.FeatureLength];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var probabilities = new float[top];
        foreach (var query in queries.Take(5))
        {
            matcher.Match(query, features, top, probabilities);
        }

        var times = new List<double>(queries.Count);
        foreach (var query in queries)
        {
            var clock = Stopwatch.StartNew();
            matcher.Match(query, features, top, probabilities);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return (Summarize(times), matcher.Id);
    }

    private static Latency Summarize(List<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double At(double q) => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 3);
        return new Latency(At(0.5), At(0.95), At(0.99), Math.Round(sorted.Average(), 3));
    }
}
