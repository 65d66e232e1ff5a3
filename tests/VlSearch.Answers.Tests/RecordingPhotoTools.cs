using System.Collections.Concurrent;
using VlSearch.Core.Answers;

namespace VlSearch.Answers.Tests;

/// <summary>Photo tools that answer from a fixed list and record each call.</summary>
internal sealed class RecordingPhotoTools : IPhotoTools
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<string> SearchAsync(string query, int k, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"search {query} {k}");
        return Task.FromResult("[{\"id\":\"42\",\"path\":\"lake/house.jpg\",\"score\":0.9}]");
    }

    public Task<string> SimilarAsync(string photoId, int k, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"similar {photoId} {k}");
        return Task.FromResult("[]");
    }

    public Task<string> DetailsAsync(string photoId, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"details {photoId}");
        return Task.FromResult("{\"id\":\"" + photoId + "\"}");
    }

    public Task<string> TagsAsync(string photoId, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"tags {photoId}");
        return Task.FromResult("[]");
    }
}
