using System.Collections.Concurrent;
using VlSearch.ModelHub;
using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>Model downloads running in the background, with their progress, one per model name.</summary>
public sealed class ModelPulls(ModelManager models) : IDisposable
{
    private readonly ConcurrentDictionary<string, Pull> pulls = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Starts downloading a catalogue model unless it is already being downloaded.</summary>
    /// <exception cref="ArgumentException">The name is not in the model catalogue.</exception>
    public ModelPullInfo Start(string name)
    {
        var known = models.Catalog.Find(name) ?? throw new ArgumentException(
            $"'{name}' is not in the model catalog; known: {string.Join(", ", models.Catalog.Models.Select(m => m.Name))}.", nameof(name));
        var pull = pulls.AddOrUpdate(
            known.Name,
            key => Run(new Pull(key)),
            (key, existing) => existing.State == "running" ? existing : Run(new Pull(key)));
        return pull.Snapshot();
    }

    public IReadOnlyList<ModelPullInfo> List() => [.. pulls.Values.Select(p => p.Snapshot()).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)];

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private Pull Run(Pull pull)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await models.PullAsync(pull.Name, new Progress(pull), stopping.Token);
                pull.State = "succeeded";
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                pull.Message = ex.Message;
                pull.State = "failed";
            }
        });
        return pull;
    }

    private sealed class Progress(Pull pull) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            pull.Bytes = value.Bytes;
            pull.Total = value.Total;
        }
    }

    private sealed class Pull(string name)
    {
        public string Name { get; } = name;

        public volatile string State = "running";

        public long Bytes;

        public long? Total;

        public string? Message;

        public ModelPullInfo Snapshot()
        {
            var state = State;
            var percent = state == "succeeded" ? 100 : Total is > 0 ? Math.Round(100.0 * Bytes / Total.Value, 1) : 0;
            return new ModelPullInfo(Name, state, Bytes, Total, percent, Message);
        }
    }
}
