using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Search;
using VlSearch.Search.Ranking;

namespace VlSearch.Hosting;

/// <summary>Registers the ranking pipeline (<see cref="ISearchPipeline"/>) and its options.</summary>
public static class RankingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SearchOptions"/> (section <c>Search</c>, validated at start), the score floors (cached in
    /// <c>&lt;data&gt;/cache/score-floors.json</c>) and <see cref="SearchPipeline"/> as <see cref="ISearchPipeline"/>;
    /// an <see cref="IRerankStage"/> and an <see cref="IQueryImagination"/> (for <c>imagine:</c> terms) registered by the host are picked up. The pipeline is wrapped in
    /// <see cref="InstrumentedSearchPipeline"/> for its metrics and spans.
    /// </summary>
    public static IServiceCollection AddVlSearchRanking(this IServiceCollection services, string dataDirectory)
    {
        services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => IsCutoff(o.Cutoff), "Search:Cutoff must be auto, none or a score such as 0.25.")
            .Validate(o => (o.Stages & SearchStages.Hybrid) != SearchStages.None, "Search:Stages must include Vector or Keyword.")
            .ValidateOnStart();
        services.AddSingleton(new ScoreFloorStore(Path.Combine(dataDirectory, "cache")));
        services.AddSingleton(sp => new ScoreFloorCalibrator(
            sp.GetRequiredService<IVectorIndex>(),
            sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(),
            sp.GetRequiredService<ScoreFloorStore>(),
            sp.GetRequiredService<IOptions<SearchOptions>>().Value));
        // Every search is timed per stage and traced (SearchDiagnostics), whichever host runs it.
        services.AddSingleton<ISearchPipeline>(sp => new InstrumentedSearchPipeline(
            new SearchPipeline(
                sp.GetRequiredService<IVectorIndex>(),
                sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(),
                sp.GetRequiredService<PhotoSearch>(),
                sp.GetRequiredService<ScoreFloorCalibrator>(),
                sp.GetRequiredService<IOptions<SearchOptions>>().Value,
                sp.GetService<IRerankStage>(),
                sp.GetService<IQueryImagination>()),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }

    private static bool IsCutoff(string? text)
    {
        try
        {
            _ = ScoreCutoff.Parse(text ?? "");
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
