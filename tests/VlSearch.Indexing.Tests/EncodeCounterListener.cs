using System.Diagnostics.Metrics;

namespace VlSearch.Indexing.Tests;

/// <summary>Sums the encode counter for one model, from meters of one scope (null: meters made without a factory).</summary>
public sealed class EncodeCounterListener : IDisposable
{
    private readonly MeterListener listener = new();
    private long total;

    public EncodeCounterListener(string modelId, object? scope)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IndexingDiagnostics.MeterName && instrument.Name == IndexingDiagnostics.EncodedCounter && instrument.Meter.Scope == scope)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == IndexingDiagnostics.ModelTag && Equals(tag.Value, modelId))
                {
                    Interlocked.Add(ref total, value);
                }
            }
        });
        listener.Start();
    }

    public long Total => Interlocked.Read(ref total);

    public void Dispose() => listener.Dispose();
}
