using VlSearch.Core;
using VlSearch.Core.Matching;
using VlSearch.ModelHub;
using VlSearch.Onnx.Matching;
using VlSearch.Search.Ranking;

namespace VlSearch.Hosting;

/// <summary>
/// Which reranker this host has, if any: the configured (or shipped) model, loaded once on first use, and its rerank
/// stage. A configured model that is missing or broken still counts as installed, so searches say why they were not
/// reranked instead of silently ranking without it.
/// </summary>
public sealed class RerankerInstallation : IDisposable
{
    private readonly IImageFeatureStore? store;

    private RerankerInstallation(RerankerModel? model, IRerankStage? stage, string? notInstalled, IImageFeatureStore? store)
    {
        Model = model;
        Stage = stage;
        NotInstalled = notInstalled;
        this.store = store;
    }

    /// <summary>The reranker model; null when none is installed.</summary>
    public RerankerModel? Model { get; }

    /// <summary>The rerank stage the pipeline runs; null when none is installed.</summary>
    public IRerankStage? Stage { get; }

    /// <summary>Why there is no reranker (disabled, nothing configured or shipped); null when there is one.</summary>
    public string? NotInstalled { get; }

    /// <summary>The installed model's folder, when it was found.</summary>
    public string? Folder { get; private init; }

    /// <summary>Whether a reranker is installed (loaded or not).</summary>
    public bool IsInstalled => Model is not null;

    /// <summary>No reranker, for <paramref name="reason"/>.</summary>
    public static RerankerInstallation None(string reason) => new(null, null, reason, null);

    /// <summary>The reranker's state: loads the model if that was not tried yet, and counts its stored features.</summary>
    public async Task<RerankerState> StateAsync(CancellationToken cancellationToken = default)
    {
        if (Model is null)
        {
            return new RerankerState(false, null, null, NotInstalled, null);
        }

        if (!Model.TryLoad(out var matcher, out var reason))
        {
            return new RerankerState(true, Model.Name, null, reason, null);
        }

        int? stored = null;
        if (store is not null)
        {
            try
            {
                stored = await store.CountAsync(matcher!.Id, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                return new RerankerState(true, Model.Name, matcher!.Id, $"the features store cannot be read: {e.Message}", null);
            }
        }

        return new RerankerState(true, Model.Name, matcher!.Id, null, stored);
    }

    /// <summary>
    /// Resolves the configured model: <see cref="RerankOptions.Model"/> as a folder, a shipped model or an installed one,
    /// or the shipped <see cref="RerankOptions.ShippedModel"/> when none is configured and it is present.
    /// </summary>
    public static RerankerInstallation Create(
        RerankOptions options,
        ModelHubOptions hub,
        InferenceOptions inference,
        IImageFeatureStore? store,
        IPhotoDecoder decoder,
        IImagePreprocessor preprocessor,
        Func<string, InferenceOptions, IImageTextMatcher>? loader = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        if (!options.Enabled)
        {
            return None("the reranker is turned off (Rerank:Enabled is false)");
        }

        var name = string.IsNullOrWhiteSpace(options.Model) ? null : options.Model.Trim();
        var folder = ModelFolders.Locate(name ?? RerankOptions.ShippedModel, hub);
        if (name is null && folder is null)
        {
            return None($"no reranker is configured (Rerank:Model) and {RerankOptions.ShippedModel} is not shipped");
        }

        loader ??= LoadFolder;
        var model = new RerankerModel(name ?? RerankOptions.ShippedModel, () =>
        {
            if (folder is null)
            {
                throw new ModelLoadException($"no folder, shipped model or installed model is named '{name}'");
            }

            return loader(folder, inference);
        });
        return new RerankerInstallation(model, new MatcherRerankStage(model, store, decoder, preprocessor, options.MaxExtractedPerQuery), null, store)
        {
            Folder = folder,
        };
    }

    public void Dispose() => Model?.Dispose();

    private static IImageTextMatcher LoadFolder(string folder, InferenceOptions inference) =>
        OnnxImageTextMatcherLoader.IsMatcherFolder(folder)
            ? OnnxImageTextMatcherLoader.Load(folder, inference)
            : throw new ModelLoadException($"'{folder}' is not an image–text matcher in the split BLIP-ITM layout (config.json, vocab.txt, onnx/vision_model.onnx, onnx/text_matcher.onnx)");
}
