using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Core.Tagging;
using VlSearch.Indexing;
using VlSearch.Indexing.Enrichment;

namespace VlSearch.Hosting;

/// <summary>Registers the enrichment stages (zero-shot tags, detected objects), their runner and the photo tag service.</summary>
public static class EnrichmentServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ZeroShotOptions"/> (section <c>Tags</c>), the <see cref="EnrichmentRunner"/>, the
    /// <see cref="PhotoTagService"/> and the stages, in the order jobs run them: zero-shot tags of the active model,
    /// then objects of the detector (available only where an <see cref="IObjectTagger"/> is registered; it loads on
    /// the stage's first run, so a broken detector fails that stage alone).
    /// </summary>
    public static IServiceCollection AddVlSearchEnrichment(this IServiceCollection services)
    {
        services.AddOptions<ZeroShotOptions>().BindConfiguration(ZeroShotOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new EnrichmentRunner(
            sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(),
            sp.GetRequiredService<IPhotoDecoder>(),
            sp.GetRequiredService<IOptions<IndexingOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => new PhotoTagService(sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>()));
        services.AddSingleton(sp => ZeroShotStage(sp));
        services.AddSingleton<IEnrichmentStage>(sp => sp.GetRequiredService<ZeroShotTagStage>());
        services.AddSingleton<IEnrichmentStage>(sp =>
        {
            var registered = sp.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IObjectTagger));
            return new ObjectTagStage(
                () => sp.GetService<IObjectTagger>() ?? throw new InvalidOperationException("no object detector is installed here"),
                "object-tagger",
                installed: () => registered);
        });
        return services;
    }

    /// <summary>The data folder's cache of label embeddings and the vocabulary overlay live here.</summary>
    public static string TagsDirectory(VlSearchPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.Root, "tags");
    }

    private static ZeroShotTagStage ZeroShotStage(IServiceProvider sp)
    {
        var paths = sp.GetRequiredService<VlSearchPaths>();
        return new ZeroShotTagStage(
            sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(),
            () => sp.GetRequiredService<IModelCache>().Get(sp.GetRequiredService<IOptions<ModelSelectionOptions>>().Value.Active),
            () => TagVocabulary.Load(TagVocabulary.OverlayPath(paths.Root)),
            sp.GetRequiredService<IOptions<ZeroShotOptions>>().Value,
            TagsDirectory(paths));
    }
}
