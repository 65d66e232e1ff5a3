using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VlSearch.Core;
using VlSearch.Core.Matching;
using VlSearch.ModelHub;
using VlSearch.Search.Ranking;

namespace VlSearch.Hosting;

/// <summary>Registers the reranker (<see cref="RerankerInstallation"/>) and its rerank stage.</summary>
public static class RerankServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RerankOptions"/> (section <c>Rerank</c>), the <see cref="RerankerInstallation"/> (one per
    /// process; its model loads once, on first use) and, when a reranker is installed, its <see cref="IRerankStage"/>,
    /// which the ranking pipeline picks up. Stored features are read from an <see cref="IImageFeatureStore"/> when one
    /// is registered.
    /// </summary>
    public static IServiceCollection AddVlSearchRerank(this IServiceCollection services)
    {
        services.AddOptions<RerankOptions>().BindConfiguration(RerankOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => RerankerInstallation.Create(
            sp.GetRequiredService<IOptions<RerankOptions>>().Value,
            sp.GetRequiredService<IOptions<ModelHubOptions>>().Value,
            sp.GetRequiredService<IOptions<InferenceOptions>>().Value,
            sp.GetService<IImageFeatureStore>(),
            sp.GetRequiredService<IPhotoDecoder>(),
            sp.GetRequiredService<IImagePreprocessor>()));

        // Null when none is installed: the pipeline then runs without a rerank stage.
        services.AddSingleton(sp => sp.GetRequiredService<RerankerInstallation>().Stage!);

        // The loaded matcher, for the features enrichment (jobs, `index`, `reindex --features`): null when none is
        // installed or it cannot load. The installation owns it; its Dispose is idempotent, so the container's is harmless.
        services.AddSingleton(sp => sp.GetRequiredService<RerankerInstallation>().Model is { } model && model.TryLoad(out var matcher, out _)
            ? matcher!
            : null!);
        return services;
    }
}
