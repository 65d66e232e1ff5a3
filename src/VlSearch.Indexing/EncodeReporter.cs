using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VlSearch.Indexing;

/// <summary>Counts and logs successful encoder calls (see <see cref="IndexingDiagnostics"/>).</summary>
internal sealed class EncodeReporter
{
    // Without a meter factory (no DI) every indexer shares one meter, so listeners see one instrument.
    private static readonly Meter SharedMeter = new(IndexingDiagnostics.MeterName);

    private static readonly Action<ILogger, int, string, string, Exception?> LogEncoded = LoggerMessage.Define<int, string, string>(
        LogLevel.Debug, new EventId(1, "Encoded"), "Encoded {Count} files for {Model}: {Paths}");

    private readonly Counter<long> encoded;
    private readonly ILogger logger;

    public EncodeReporter(ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(IndexingDiagnostics.MeterName) ?? SharedMeter;
        encoded = meter.CreateCounter<long>(IndexingDiagnostics.EncodedCounter, unit: "{photo}", description: "Photos run through an image encoder.");
        logger = loggerFactory?.CreateLogger(IndexingDiagnostics.EncodeLogCategory) ?? NullLogger.Instance;
    }

    /// <summary>Reports one encoder call; the observer, where given, gets the paths of the files it encoded.</summary>
    public void Report(string modelId, EncodedBatch batch, Action<IReadOnlyList<string>>? observer)
    {
        var count = batch.Results.Count;
        if (count == 0)
        {
            return;
        }

        encoded.Add(count, new KeyValuePair<string, object?>(IndexingDiagnostics.ModelTag, modelId));
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogEncoded(logger, count, modelId, string.Join('\n', batch.Results.Select(r => r.Item.File.File.Path)), null);
        }

        if (observer is not null)
        {
            observer([.. batch.Results.Select(r => r.Item.File.File.Path)]);
        }
    }
}
