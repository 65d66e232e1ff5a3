namespace VlSearch.Core;

/// <summary>
/// Opens an embedded vector index in a folder of the caller's choosing, apart from the configured one: benchmarks
/// and experiments build throwaway indexes without touching the data folder's index.
/// </summary>
public interface IVectorIndexFactory
{
    /// <summary>
    /// An embedded index stored in <paramref name="folder"/> (created when missing), with the configured embedded
    /// index settings. The caller owns it and disposes it.
    /// </summary>
    IVectorIndex CreateEmbedded(string folder);
}
