using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VlSearch.Indexing;

/// <summary>Counts and logs successful encoder calls (see <see cref="IndexingDiagnostics"/>).</summary>
internal sealed class EncodeReporter
{
    // Without a meter factory (no DI) every indexer shares one meter, so listeners see one instrument.
    private static readonly Meter SharedMeter = new(IndexingDiagnostics.MeterName);

    // One line per file, tab-separated, so that operators (and tests) can count each file's encodes from the log.
    private static readonly Action<ILogger, string, string, Exception?> LogEncoded = LoggerMessage.Define<string, string>(
        LogLevel.Debug, new EventId(1, "Encoded"), "Encoded\t{Model}\t{Path}");

    private readonly Counter<long> encoded;
    private readonly ILogger logger;

    public EncodeReporter(ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(IndexingDiagnostics.MeterName) ?? SharedMeter;
        encoded = meter.CreateCounter<long>(IndexingDiagnostics.EncodedCounter, unit: "{photo}", description: "Photos run through an image encoder.");
        logger = loggerFactory?.CreateLogger(IndexingDiagnostics.EncodeLogCategory) ?? NullLogger.Instance;
    }

    /// <summary>Reports one encoder call.</summary>
    public void Report(string modelId, EncodedBatch batch)
    {
        var count = batch.Results.Count;
        if (count == 0)
        {
            return;
        }

        encoded.Add(count, new KeyValuePair<string, object?>(IndexingDiagnostics.ModelTag, modelId));
        if (logger.IsEnabled(LogLevel.Debug))
        {
            foreach (var result in batch.Results)
            {
                LogEncoded(logger, modelId, result.Item.File.File.Path, null);
            }
        }
    }
}
