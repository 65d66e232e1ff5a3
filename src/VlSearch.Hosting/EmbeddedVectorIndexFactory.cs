using Microsoft.Extensions.Options;
using VlSearch.Core;
using VlSearch.USearch;

namespace VlSearch.Hosting;

/// <summary>Opens USearch indexes with the configured <see cref="USearchOptions"/> in folders the caller names.</summary>
public sealed class EmbeddedVectorIndexFactory(IOptions<USearchOptions> options) : IVectorIndexFactory
{
    /// <inheritdoc />
    public IVectorIndex CreateEmbedded(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return new USearchVectorIndex(folder, options.Value);
    }
}
