using VlSearch.Core.Matching;

namespace VlSearch.Search.Ranking;

/// <summary>
/// The installed reranker model, loaded once on first use. A model that is missing, corrupt or mismatched is not an
/// error of the host: its failure is kept, searches skip the rerank stage with it as the reason, and the admin page
/// shows it.
/// </summary>
public sealed class RerankerModel : IDisposable
{
    private readonly Func<IImageTextMatcher> load;
    private readonly Lock gate = new();
    private IImageTextMatcher? matcher;
    private string? error;
    private bool attempted;
    private bool disposed;

    /// <param name="name">The model as configured: an installed model's name or a folder.</param>
    /// <param name="load">Loads the matcher; any exception it throws is the reason the reranker is unavailable.</param>
    public RerankerModel(string name, Func<IImageTextMatcher> load)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(load);
        Name = name;
        this.load = load;
    }

    /// <summary>The model as configured.</summary>
    public string Name { get; }

    /// <summary>Loads the model if that was not tried yet; true when it is usable.</summary>
    public bool TryLoad(out IImageTextMatcher? loaded, out string? reason)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!attempted)
            {
                attempted = true;
                try
                {
                    matcher = load();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    error = e.Message.ReplaceLineEndings(" ");
                }
            }

            loaded = matcher;
            reason = matcher is null ? $"the reranker model '{Name}' could not be loaded: {error}" : null;
            return matcher is not null;
        }
    }

    /// <summary>The loaded matcher.</summary>
    /// <exception cref="RerankSkippedException">The model could not be loaded; the message says why.</exception>
    public IImageTextMatcher Get() =>
        TryLoad(out var loaded, out var reason) ? loaded! : throw new RerankSkippedException(reason!);

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            matcher?.Dispose();
            matcher = null;
        }
    }
}
