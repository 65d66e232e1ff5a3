using Microsoft.Extensions.Options;
using VlSearch.Core;
using VlSearch.Search.Duplicates;

namespace VlSearch.Web.Services;

/// <summary>
/// Duplicate groups for the API and the admin page. Grouping a large library takes a while, so the last answer for
/// each model and threshold is kept until the model's vector count changes; one grouping runs at a time.
/// </summary>
public sealed class DuplicateGroups(DuplicateFinder finder, IVectorIndex index, IOptions<DuplicateOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string Model, float Threshold), (long Vectors, IReadOnlyList<DuplicateGroup> Groups)> _cache = [];

    /// <summary>The configured defaults.</summary>
    public DuplicateOptions Defaults => options.Value;

    /// <summary>The groups of <paramref name="modelId"/> (default: Duplicates:Model) at <paramref name="threshold"/> (default: Duplicates:Threshold).</summary>
    /// <exception cref="ArgumentException">The model has no vectors or the threshold is out of range.</exception>
    public async Task<IReadOnlyList<DuplicateGroup>> GetAsync(string? modelId, float? threshold, IProgress<DuplicateProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var model = string.IsNullOrWhiteSpace(modelId) ? options.Value.Model : modelId.Trim();
        var key = (model, threshold ?? options.Value.Threshold);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var vectors = await index.CountAsync(CollectionNames.ForModel(model), cancellationToken);
            if (_cache.TryGetValue(key, out var cached) && cached.Vectors == vectors)
            {
                return cached.Groups;
            }

            var groups = await finder.FindAsync(model, key.Item2, options.Value.Neighbours, progress, cancellationToken);
            _cache[key] = (vectors, groups);
            return groups;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
