namespace VlSearch.Core.Matching;

/// <summary>
/// Image features of an <see cref="IImageTextMatcher"/>, one block per photo and matcher model, stored at half
/// precision. A photo's features leave with the photo.
/// </summary>
public interface IImageFeatureStore
{
    /// <summary>The stored features of those of <paramref name="photoIds"/> that have them (each <c>FeatureLength</c> floats).</summary>
    Task<IReadOnlyDictionary<long, float[]>> GetAsync(string matcherId, IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken = default);

    /// <summary>Stores (or replaces) the features of each photo.</summary>
    Task PutAsync(string matcherId, IReadOnlyList<KeyValuePair<long, float[]>> features, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> catalogued photos with id above <paramref name="afterId"/> that have no features of this matcher, by id.</summary>
    Task<IReadOnlyList<long>> MissingAsync(string matcherId, long afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many photos have features of this matcher.</summary>
    Task<int> CountAsync(string matcherId, CancellationToken cancellationToken = default);

    /// <summary>Removes every stored feature of this matcher (its model changed or was removed).</summary>
    Task RemoveAsync(string matcherId, CancellationToken cancellationToken = default);
}
