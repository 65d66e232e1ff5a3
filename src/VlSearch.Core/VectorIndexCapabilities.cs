namespace VlSearch.Core;

/// <summary>
/// What an <see cref="IVectorIndex"/> implementation can do, so that callers decide by capability instead of by
/// concrete type or provider name. Combine with bitwise operators; test with <see cref="Enum.HasFlag"/>.
/// </summary>
[Flags]
public enum VectorIndexCapabilities
{
    /// <summary>Nothing can be relied on: every call may throw.</summary>
    None = 0,

    /// <summary>
    /// Calls on this instance read and write the index (ensure, upsert, delete, search...). Absent on a stand-in for an
    /// index owned by another process, whose every call throws.
    /// </summary>
    Writable = 1,

    /// <summary>
    /// Embedded: the vectors live in files on this machine, durable once <see cref="IVectorIndex.FlushAsync"/>
    /// returns, and only one process at a time may open them; other processes must not write them.
    /// </summary>
    EmbeddedOnLocalDisk = 2,

    /// <summary>
    /// A server: several processes (workers, the web host) may read and write the same collections at once, and a
    /// write is visible to every client as soon as it returns, without a flush.
    /// </summary>
    SharedAcrossProcesses = 4,

    /// <summary>
    /// <see cref="PhotoFilter"/> conditions are evaluated by the server next to the vectors, so payloads of
    /// non-matching photos never travel to this process. Without it, the index filters in process.
    /// </summary>
    ServerSideFiltering = 8,
}
