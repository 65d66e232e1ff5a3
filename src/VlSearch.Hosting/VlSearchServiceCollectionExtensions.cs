using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Core.Matching;
using VlSearch.Hosting.Answers;
using VlSearch.Imaging;
using VlSearch.Indexing;
using VlSearch.Jobs;
using VlSearch.Jobs.Admin;
using VlSearch.Search;
using VlSearch.Search.Duplicates;
using VlSearch.ModelHub;
using VlSearch.Onnx;
using VlSearch.Onnx.ResNet18;
using VlSearch.Postgres;
using VlSearch.Qdrant;
using VlSearch.Sqlite;
using VlSearch.USearch;

namespace VlSearch.Hosting;

/// <summary>Registers VlSearch's services; every host (CLI, indexer, web) calls this once.</summary>
public static class VlSearchServiceCollectionExtensions
{
    /// <summary>
    /// Options are bound from configuration and validated when the host starts; the catalog is migrated and the
    /// vector index checked at start by <see cref="StartupChecks"/>.
    /// </summary>
    public static IServiceCollection AddVlSearch(this IServiceCollection services, string dataDirectory)
    {
        DataDirectory.Create(dataDirectory);
        services.AddSingleton(new VlSearchPaths(dataDirectory));

        services.AddValidatedOptions<InferenceOptions>(InferenceOptions.SectionName);
        services.AddValidatedOptions<IndexingOptions>(IndexingOptions.SectionName);
        services.AddValidatedOptions<DecoderOptions>(DecoderOptions.SectionName);
        services.AddValidatedOptions<VectorIndexOptions>(VectorIndexOptions.SectionName);
        services.AddValidatedOptions<USearchOptions>(USearchOptions.SectionName);
        services.AddValidatedOptions<QdrantOptions>(QdrantOptions.SectionName);
        services.AddValidatedOptions<ModelSelectionOptions>(ModelSelectionOptions.SectionName);
        services.AddValidatedOptions<DuplicateOptions>(DuplicateOptions.SectionName);
        services.AddValidatedOptions<CatalogOptions>(CatalogOptions.SectionName)
            .Validate(o => o.Provider is CatalogOptions.Sqlite or CatalogOptions.Postgres, "Catalog:Provider must be 'sqlite' or 'postgres'.")
            .Validate(o => o.Provider == CatalogOptions.Sqlite || !string.IsNullOrWhiteSpace(o.ConnectionString), "Catalog:ConnectionString is required for the postgres provider.");
        services.AddValidatedOptions<LibraryRootOptions>(LibraryRootOptions.SectionName);
        services.AddSingleton(sp => new LibraryRootPolicy(dataDirectory, sp.GetRequiredService<IOptions<LibraryRootOptions>>().Value.AllowedRoots));
        services.AddValidatedOptions<ModelHubOptions>(ModelHubOptions.SectionName)
            .PostConfigure(o => o.DataDirectory = dataDirectory);

        services.AddSingleton<IDbContextFactory<CatalogDbContext>>(sp =>
            CatalogFactory.Create(sp.GetRequiredService<IOptions<CatalogOptions>>().Value, dataDirectory, SqliteCatalogProvider.Instance, PostgresCatalogProvider.Instance));

        services.AddVlSearchImaging();
        services.AddSingleton<IVectorIndex>(sp =>
            sp.GetRequiredService<IOptions<VectorIndexOptions>>().Value.IsShared
                ? new QdrantVectorIndex(sp.GetRequiredService<IOptions<QdrantOptions>>().Value)
                : new USearchVectorIndex(sp.GetRequiredService<VlSearchPaths>().Index, sp.GetRequiredService<IOptions<USearchOptions>>().Value));

        services.AddSingleton<IVectorIndexFactory, EmbeddedVectorIndexFactory>();

        services.AddVlSearchModels();
        services.AddSingleton(sp => new ModelCards(
            sp.GetRequiredService<ModelResolver>(), sp.GetRequiredService<IOptions<InferenceOptions>>().Value, sp.GetRequiredService<VlSearchPaths>()));
        services.AddSingleton<IModelCache>(sp => new ModelCache(
            sp.GetRequiredService<IModelLoader>(), sp.GetRequiredService<VlSearchPaths>(), cards: sp.GetRequiredService<ModelCards>()));

        services.AddSingleton(sp => new PhotoIndexer(
            sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(),
            sp.GetRequiredService<IVectorIndex>(),
            sp.GetRequiredService<IPhotoDecoder>(),
            sp.GetRequiredService<IImagePreprocessor>(),
            sp.GetRequiredService<IOptions<IndexingOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<IMeterFactory>(),
            sp.GetRequiredService<LibraryRootPolicy>()));
        // Image features of the reranker; the matcher itself is registered only where a reranker is installed.
        services.TryAddSingleton<IImageFeatureStore>(sp => new CatalogImageFeatureStore(sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>()));
        services.AddSingleton(sp =>
        {
            // Stored features follow the model files: a retrained model keeps its id but not its fingerprint.
            var folderFingerprint = new Lazy<string?>(() => sp.GetRequiredService<RerankerInstallation>().Folder is { } folder && Directory.Exists(folder)
                ? MatcherFingerprint.OfFolder(folder)
                : null);
            return new MatcherFeatureIndexer(
                sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(),
                sp.GetRequiredService<IImageFeatureStore>(),
                sp.GetRequiredService<IPhotoDecoder>(),
                sp.GetRequiredService<IImagePreprocessor>(),
                sp.GetRequiredService<IOptions<IndexingOptions>>().Value,
                sp.GetService<ILoggerFactory>(),
                sp.GetService<IMeterFactory>(),
                matcher => folderFingerprint.Value ?? MatcherFingerprint.Of(matcher));
        });
        services.AddSingleton(sp => new IndexSynchronizer(sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(), sp.GetRequiredService<IVectorIndex>()));
        services.AddSingleton(sp => new EmbeddingInventory(sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(), sp.GetRequiredService<IVectorIndex>()));
        services.AddSingleton<PhotoSearch>();
        services.AddVlSearchRerank();
        services.AddVlSearchEnrichment();
        services.AddVlSearchRanking(dataDirectory);
        services.AddSingleton<PhotoVectors>();
        services.AddSingleton<PhotoQueries>();
        services.AddSingleton<DuplicateFinder>();
        services.AddSingleton<CatalogStatusQuery>();
        services.AddSingleton<FailedFileQuery>();
        services.AddVlSearchJobService();
        services.AddVlSearchAnswers();
        services.AddHostedService<StartupChecks>();
        return services;
    }

    /// <summary>
    /// The model hub (built-in models, the ONNX folder loader, <see cref="ModelManager"/>, <see cref="ModelResolver"/>
    /// as the <see cref="IModelLoader"/>), configured by <see cref="ModelHubOptions"/> and <see cref="InferenceOptions"/>.
    /// </summary>
    public static IServiceCollection AddVlSearchModels(this IServiceCollection services)
    {
        services.AddOptions();
        services.AddSingleton<IBuiltInModel, ResNet18BuiltInModel>(_ => new ResNet18BuiltInModel());
        services.AddSingleton<IModelFolderLoader>(sp => new OnnxModelFolderLoader(configuredScale: ConfiguredCalibration.From(sp.GetService<IConfiguration>())));
        services.AddModelHubHttpClient();
        services.AddSingleton(sp => new ModelManager(
            sp.GetRequiredService<IOptions<ModelHubOptions>>().Value,
            sp.GetRequiredService<IModelFolderLoader>(),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetServices<IBuiltInModel>()));
        services.AddSingleton(sp => new ModelResolver(
            sp.GetRequiredService<IOptions<ModelHubOptions>>().Value,
            sp.GetRequiredService<IOptions<InferenceOptions>>().Value,
            sp.GetRequiredService<IModelFolderLoader>(),
            sp.GetServices<IBuiltInModel>()));
        services.AddSingleton<IModelLoader>(sp => sp.GetRequiredService<ModelResolver>());
        return services;
    }

    /// <summary>Photo decoding (configured by <see cref="DecoderOptions"/>) and preprocessing.</summary>
    public static IServiceCollection AddVlSearchImaging(this IServiceCollection services)
    {
        services.AddOptions();
        services.AddSingleton<IPhotoDecoder>(sp => new PhotoDecoder(sp.GetRequiredService<IOptions<DecoderOptions>>().Value));
        services.AddSingleton<IImagePreprocessor, ImagePreprocessor>();
        return services;
    }

    private static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
