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
using VlSearch.ModelHub;
using VlSearch.Onnx.Tagging;

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
        services.AddOptions<DetectorOptions>().BindConfiguration(DetectorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEnrichmentStage>(sp => ObjectStage(sp));
        return services;
    }

    /// <summary>The data folder's cache of label embeddings and the vocabulary overlay live here.</summary>
    public static string TagsDirectory(VlSearchPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.Root, "tags");
    }

    /// <summary>
    /// The detector stage: a detector registered as <see cref="IObjectTagger"/> (tests), else the one
    /// <see cref="DetectorOptions.Model"/> names, loaded on the stage's first run; without either the stage is not
    /// available. A named model that cannot be found or loaded fails the stage's runs with the reason.
    /// </summary>
    private static ObjectTagStage ObjectStage(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<DetectorOptions>>().Value;
        if (sp.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IObjectTagger)))
        {
            return new ObjectTagStage(() => sp.GetRequiredService<IObjectTagger>(), "object-tagger", minScore: options.MinScore, minAttributeScore: options.MinAttributeScore, parallelism: InferenceOptions.ConcurrentImageCalls);
        }

        var name = string.IsNullOrWhiteSpace(options.Model) ? null : options.Model.Trim();
        if (name is null)
        {
            return new ObjectTagStage(() => throw new InvalidOperationException("no object detector is configured (Detector:Model)"), "object-tagger", installed: () => false);
        }

        var folder = ModelFolders.Locate(name, sp.GetRequiredService<IOptions<ModelHubOptions>>().Value);
        var inference = sp.GetRequiredService<IOptions<InferenceOptions>>().Value;
        return new ObjectTagStage(
            () => folder is null
                ? throw new ModelLoadException($"no folder, shipped model or installed model is named '{name}' (Detector:Model)")
                : OnnxObjectTaggerLoader.Load(folder, inference),
            name,
            folder is null ? null : MatcherFingerprint.OfFolder(folder),
            options.MinScore,
            options.MinAttributeScore,
            parallelism: InferenceOptions.ConcurrentImageCalls);
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
