namespace VlSearch.Training;

/// <summary>
/// Per-sample work split into a fixed number of contiguous chunks run in parallel: sums kept per chunk and added in
/// chunk order (gradients, losses) come out the same whatever the machine's core count, so a seed reproduces a model.
/// </summary>
internal static class Chunked
{
    public const int Count = 8;

    /// <summary>Runs <paramref name="body"/>(chunk, item) for items 0 … <paramref name="items"/> − 1.</summary>
    public static void ForEach(int items, CancellationToken cancellationToken, Action<int, int> body) =>
        Parallel.For(0, Count, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            for (var i = c * items / Count; i < (c + 1) * items / Count; i++)
            {
                body(c, i);
            }
        });

    /// <summary>One fresh <typeparamref name="T"/> per chunk, for scratch state a chunk's items share.</summary>
    public static T[] PerChunk<T>(Func<T> create) => [.. Enumerable.Range(0, Count).Select(_ => create())];
}
