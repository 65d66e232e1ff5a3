using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace VlSearch.Web.Security;

/// <summary>
/// Limits kept per client address, before any key is checked: requests per minute, failed key attempts per minute,
/// and live pages (Blazor circuits) open at once. A caller cannot get a fresh budget by presenting another key.
/// </summary>
public sealed class ClientThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> requests;
    private readonly PartitionedRateLimiter<string> failures;
    private readonly ConcurrentDictionary<string, int> circuits = new();
    private readonly int circuitCap;

    public ClientThrottle(IOptions<WebOptions> options)
    {
        var web = options.Value;
        requests = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => Window(web.RequestsPerMinutePerAddress)));
        failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => Window(web.FailedKeyAttemptsPerMinute)));
        circuitCap = web.CircuitsPerAddress;
    }

    /// <summary>Counts one request of the address; false when it is over its per-minute budget.</summary>
    public bool TryRequest(string address, out TimeSpan retryAfter) => Acquire(requests, address, 1, out retryAfter);

    /// <summary>True when the address has used up its failed key attempts for the current minute.</summary>
    public bool IsLockedOut(string address, out TimeSpan retryAfter) => !Acquire(failures, address, 0, out retryAfter);

    /// <summary>Counts a failed key attempt of the address.</summary>
    public void RecordFailure(string address) => Acquire(failures, address, 1, out _);

    /// <summary>Takes one of the address's live-page slots; false when all are taken.</summary>
    public bool TryOpenCircuit(string address)
    {
        while (true)
        {
            var open = circuits.GetOrAdd(address, 0);
            if (open >= circuitCap)
            {
                return false;
            }

            if (circuits.TryUpdate(address, open + 1, open))
            {
                return true;
            }
        }
    }

    /// <summary>Gives back a slot taken by <see cref="TryOpenCircuit"/>.</summary>
    public void CloseCircuit(string address)
    {
        while (circuits.TryGetValue(address, out var open))
        {
            // Addresses without open pages are dropped so the table does not grow with every caller ever seen.
            if (open <= 1 ? circuits.TryRemove(new KeyValuePair<string, int>(address, open)) : circuits.TryUpdate(address, open - 1, open))
            {
                return;
            }
        }
    }

    /// <summary>Live pages open from the address now.</summary>
    public int OpenCircuits(string address) => circuits.TryGetValue(address, out var open) ? open : 0;

    public void Dispose()
    {
        requests.Dispose();
        failures.Dispose();
    }

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static bool Acquire(PartitionedRateLimiter<string> limiter, string address, int permits, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(address, permits);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }
}
