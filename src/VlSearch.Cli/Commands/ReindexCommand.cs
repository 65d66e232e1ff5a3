using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Catalog;
using VlSearch.Indexing;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch reindex</c>: brings every library up to date for a model (embeds what is missing), re-embeds
/// everything with <c>--all</c>, or rebuilds the vector index from the catalog's stored vectors with
/// <c>--rebuild-index</c> (no re-embedding), or rebuilds the keyword index with <c>--keywords</c>, or extracts the
/// installed reranker's image features with <c>--features</c> (every photo's with <c>--all</c>).
/// </summary>
[Description("Embed what is missing in every library, re-embed all (--all), rebuild the index from stored vectors (--rebuild-index), rebuild the keyword index (--keywords), or extract the reranker's image features (--features).")]
public sealed class ReindexCommand : HostedCommand<ReindexCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--rebuild-index")]
        [Description("Rebuild the vector index from the vectors stored in the catalog (every model, or --model).")]
        public bool RebuildIndex { get; init; }

        [CommandOption("--keywords")]
        [Description("Rebuild the keyword index (names, folders, camera, tags, captions, .txt sidecars) of every library, or --library; no embedding.")]
        public bool Keywords { get; init; }

        [CommandOption("--features")]
        [Description("Extract the installed reranker's image features of photos that miss them (every photo's with --all); no embedding.")]
        public bool Features { get; init; }

        [CommandOption("--all")]
        [Description("Forget the model's vectors and embed every photo again (with --features: extract every photo's features again).")]
        public bool All { get; init; }

        [CommandOption("--library <NAME>")]
        [Description("Only this library.")]
        public string? Library { get; init; }

        [CommandOption("--json")]
        [Description("Print a JSON summary.")]
        public bool Json { get; init; }
    }

    public sealed record RebuildResult(string Model, long Vectors);

    public sealed record KeywordRebuildResult(string? Library, int Photos);

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Features)
        {
            if (settings.RebuildIndex || settings.Keywords || settings.Library is not null)
            {
                throw new ArgumentException("--features extracts the reranker's features of every library's photos: run --rebuild-index, --keywords or --library separately.");
            }

            var extracted = (await RerankFeatures.RunAsync(services, settings.All ? FeatureRefresh.All : FeatureRefresh.Missing, settings.Json, required: true, cancellationToken))!;
            Report(settings.Json, [extracted], [$"{extracted.Matcher}: {extracted.Extracted} photos' features extracted, {extracted.Failed} failed, {extracted.SkippedKnownBad} skipped as failed before; {extracted.Stored} stored"]);
            return 0;
        }

        var inventory = services.GetRequiredService<EmbeddingInventory>();
        if (settings.Keywords)
        {
            if (settings.RebuildIndex || settings.All)
            {
                throw new ArgumentException("--keywords rebuilds the keyword index only: run --rebuild-index or --all separately.");
            }

            return await RebuildKeywordsAsync(services, inventory, settings, cancellationToken);
        }

        if (settings.RebuildIndex)
        {
            var synchronizer = services.GetRequiredService<IndexSynchronizer>();
            var spaces = await inventory.SpacesAsync(cancellationToken);
            if (settings.Model is not null)
            {
                var wanted = LoadModel(services, settings.Model).Id;
                spaces = [.. spaces.Where(s => s.Model == wanted)];
            }

            var rebuilt = new List<RebuildResult>();
            foreach (var (model, dimension) in spaces)
            {
                var count = await ProgressDisplay.RunAsync($"Rebuilding {model}", p => synchronizer.RebuildAsync(model, dimension, p, cancellationToken));
                rebuilt.Add(new RebuildResult(model, count));
            }

            Report(settings.Json, rebuilt, rebuilt.Select(r => $"{r.Model}: {r.Vectors} vectors written to the index"));
            return 0;
        }

        var embedding = LoadModel(services, settings.Model);
        var libraries = await inventory.LibrariesAsync(settings.Library, cancellationToken);
        if (settings.Library is not null && libraries.Count == 0)
        {
            throw new ArgumentException($"No library named '{settings.Library}'.");
        }

        if (settings.All)
        {
            await inventory.ForgetAsync(embedding.Id, [.. libraries.Select(l => l.Id)], cancellationToken);
        }

        var indexer = services.GetRequiredService<PhotoIndexer>();
        var results = new List<IndexRunResult>();
        foreach (var library in libraries)
        {
            results.Add(await ProgressDisplay.RunAsync($"Indexing {library.Name}", p => indexer.IndexAsync(new LibraryRequest(library.RootPath), embedding, p, cancellationToken)));
        }

        Report(settings.Json, results, results.Select(r => $"{r.Library}: {r.Embedded} embedded, {r.Reused} reused, {r.Unchanged} unchanged, {r.Failed} failed"));
        return 0;
    }

    private static async Task<int> RebuildKeywordsAsync(IServiceProvider services, EmbeddingInventory inventory, Settings settings, CancellationToken cancellationToken)
    {
        int? libraryId = null;
        if (settings.Library is not null)
        {
            libraryId = (await inventory.LibrariesAsync(settings.Library, cancellationToken)).FirstOrDefault()?.Id
                ?? throw new ArgumentException($"No library named '{settings.Library}'.");
        }

        var keywords = new KeywordIndexer(services.GetRequiredService<IDbContextFactory<CatalogDbContext>>());
        var written = await keywords.RebuildAsync(libraryId, cancellationToken);
        var result = new KeywordRebuildResult(settings.Library, written);
        Report(settings.Json, [result], [$"{written} photos written to the keyword index"]);
        return 0;
    }

    private static void Report<T>(bool json, IReadOnlyList<T> results, IEnumerable<string> lines)
    {
        if (json)
        {
            CliJson.Write(results);
            return;
        }

        foreach (var line in lines)
        {
            ProgressDisplay.Error.WriteLine(line);
        }
    }
}
