using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.USearch;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch bench index</c>: build and query an embedded index over synthetic vectors, as JSON.</summary>
[Description("Benchmark the embedded vector index on synthetic clustered vectors (JSON).")]
public sealed class BenchIndexCommand : AsyncCommand<BenchIndexCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("-n|--count <N>")]
        [Description("Vectors to index.")]
        [DefaultValue(100_000)]
        public int Count { get; init; } = 100_000;

        [CommandOption("--dim <D>")]
        [Description("Vector dimension.")]
        [DefaultValue(512)]
        public int Dimension { get; init; } = 512;

        [CommandOption("--quantization <KIND>")]
        [Description("Storage precision: f32, f16 or i8.")]
        [DefaultValue("i8")]
        public string Quantization { get; init; } = "i8";

        [CommandOption("--queries <Q>")]
        [Description("Queries for throughput and recall@10.")]
        [DefaultValue(1000)]
        public int Queries { get; init; } = 1000;

        [CommandOption("--threads <T>")]
        [Description("Build threads (default: one per processor).")]
        [DefaultValue(0)]
        public int Threads { get; init; }

        [CommandOption("--connectivity <M>")]
        [Description("HNSW graph degree (default from USearchOptions: 12).")]
        public int? Connectivity { get; init; }

        [CommandOption("--expansion-add <EF>")]
        [Description("Candidate list size while building (default 128).")]
        public int? ExpansionAdd { get; init; }

        [CommandOption("--expansion-search <EF>")]
        [Description("Candidate list size while searching (default 200).")]
        public int? ExpansionSearch { get; init; }

        [CommandOption("--base-file <FVECS>")]
        [Description("Index these vectors (TEXMEX .fvecs, as ann-benchmarks, FAISS and hnswlib use) instead of synthetic ones; needs --query-file.")]
        public string? BaseFile { get; init; }

        [CommandOption("--query-file <FVECS>")]
        [Description("Query vectors (.fvecs) for --base-file.")]
        public string? QueryFile { get; init; }

        [CommandOption("--truth-file <IVECS>")]
        [Description("True nearest ids per query (.ivecs, at least 10 each); computed exactly when left out.")]
        public string? TruthFile { get; init; }

        [CommandOption("--write-dataset <DIR>")]
        [Description("Write the synthetic data set (-n, --dim, --queries) as base.fvecs, query.fvecs and truth.ivecs, so other libraries can be measured on it; indexes nothing.")]
        public string? WriteDataset { get; init; }

        [CommandOption("--no-rescore")]
        [Description("For i8: rank by the 8-bit codes alone, without re-scoring candidates with f16 copies.")]
        public bool NoRescore { get; init; }

        internal USearchQuantization? ParsedQuantization => Quantization.Trim().ToLowerInvariant() switch
        {
            "f32" => USearchQuantization.F32,
            "f16" => USearchQuantization.F16,
            "i8" => USearchQuantization.I8,
            _ => null,
        };

        public override ValidationResult Validate() =>
            Count < 10 ? ValidationResult.Error("-n must be at least 10.")
            : Dimension is < 2 or > 8192 ? ValidationResult.Error("--dim must be between 2 and 8192.")
            : ParsedQuantization is null ? ValidationResult.Error("--quantization must be f32, f16 or i8.")
            : Queries < 1 ? ValidationResult.Error("--queries must be positive.")
            : Threads < 0 ? ValidationResult.Error("--threads must not be negative.")
            : Connectivity is < 2 or > 256 ? ValidationResult.Error("--connectivity must be between 2 and 256.")
            : ExpansionAdd is < 1 or > 4096 || ExpansionSearch is < 1 or > 4096 ? ValidationResult.Error("Expansions must be between 1 and 4096.")
            : (BaseFile is null) != (QueryFile is null) ? ValidationResult.Error("--base-file and --query-file go together.")
            : TruthFile is not null && BaseFile is null ? ValidationResult.Error("--truth-file needs --base-file and --query-file.")
            : WriteDataset is not null && BaseFile is not null ? ValidationResult.Error("--write-dataset writes the synthetic set; it does not take --base-file.")
            : new[] { BaseFile, QueryFile, TruthFile }.FirstOrDefault(f => f is not null && !File.Exists(f)) is { } missing ? ValidationResult.Error($"File not found: {missing}")
            : ValidationResult.Success();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var lastStage = "";
        using var lines = new ProgressLines(Console.Error);
        var progress = new Progress<IndexBenchmarkProgress>(p =>
        {
            lines.Report($"bench: {p.Stage} {p.Done}/{p.Total}", p.Stage != lastStage || p.Done == p.Total);
            lastStage = p.Stage;
        });
        var defaults = new USearchOptions();
        var options = new USearchOptions
        {
            Quantization = settings.ParsedQuantization!.Value,
            Threads = settings.Threads,
            Connectivity = settings.Connectivity ?? defaults.Connectivity,
            ExpansionAdd = settings.ExpansionAdd ?? defaults.ExpansionAdd,
            ExpansionSearch = settings.ExpansionSearch ?? defaults.ExpansionSearch,
            RescoreQuantized = !settings.NoRescore,
        };
        if (settings.WriteDataset is { } folder)
        {
            var (vectors, queries, _) = IndexBenchmark.Synthetic(settings.Count, settings.Dimension, settings.Queries, settings.Threads, progress, cancellationToken);
            var truth = IndexBenchmark.ExactNeighbours(vectors, queries, settings.Threads, progress, cancellationToken);
            Directory.CreateDirectory(folder);
            TexmexFiles.WriteFvecs(Path.Combine(folder, "base.fvecs"), vectors);
            TexmexFiles.WriteFvecs(Path.Combine(folder, "query.fvecs"), queries);
            TexmexFiles.WriteIvecs(Path.Combine(folder, "truth.ivecs"), truth);
            CliJson.Write(new { folder = Path.GetFullPath(folder), count = vectors.Length, dimension = settings.Dimension, queries = queries.Length });
            return Task.FromResult(0);
        }

        var result = settings.BaseFile is null
            ? IndexBenchmark.Run(settings.Count, settings.Dimension, options, settings.Queries, progress, cancellationToken)
            : IndexBenchmark.RunOn(
                TexmexFiles.ReadFvecs(settings.BaseFile),
                TexmexFiles.ReadFvecs(settings.QueryFile!),
                settings.TruthFile is null ? null : TexmexFiles.ReadIvecs(settings.TruthFile),
                options,
                progress: progress,
                cancellationToken: cancellationToken);
        CliJson.Write(result);
        return Task.FromResult(0);
    }
}
