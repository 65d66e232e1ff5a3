using System.Runtime.CompilerServices;
using VlSearch.Core.Answers;

namespace VlSearch.Hosting.Answers;

/// <summary>A vision chat that waits for its requests-per-minute budget instead of failing: what a background job wants.</summary>
public sealed class PacedVisionChat(IVisionChat inner, RequestRate rate, TimeProvider? clock = null) : IVisionChat
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async IAsyncEnumerable<string> StreamAsync(VisionChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await WaitAsync(cancellationToken);
        await foreach (var delta in inner.StreamAsync(request, cancellationToken))
        {
            yield return delta;
        }
    }

    public async Task<string> CompleteAsync(VisionChatRequest request, CancellationToken cancellationToken)
    {
        await WaitAsync(cancellationToken);
        return await inner.CompleteAsync(request, cancellationToken);
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (!rate.TryTake(out var wait))
        {
            await Task.Delay(wait + TimeSpan.FromMilliseconds(10), _clock, cancellationToken);
        }
    }
}
