namespace VlSearch.Hosting;

/// <summary>The reranker as the admin page shows it.</summary>
/// <param name="Installed">Whether a reranker is configured or shipped.</param>
/// <param name="Model">The model as configured (a name or folder); null when none is installed.</param>
/// <param name="ModelId">The loaded model's id (its stored features are kept under it); null when not loaded.</param>
/// <param name="Problem">Why it is not installed or could not be loaded; null when it is loaded.</param>
/// <param name="FeaturesStored">Photos whose image features of this model are stored; null when unknown (no features store, or not loaded).</param>
public sealed record RerankerState(bool Installed, string? Model, string? ModelId, string? Problem, int? FeaturesStored)
{
    /// <summary>Whether reranking can run.</summary>
    public bool Loaded => ModelId is not null;
}
