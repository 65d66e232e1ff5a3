using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VlSearch.Indexing;

/// <summary>
/// The indexer's telemetry (see <see cref="IndexingDiagnostics"/>): photos encoded, decode and encode times, failures
/// by stage; and a Debug log line per encoded file.
/// </summary>
internal sealed class EncodeReporter
{
    // Without a meter factory (no DI) every indexer shares one meter, so listeners see one instrument.
    private static readonly Meter SharedMeter = new(IndexingDiagnostics.MeterName);

    // One line per file, tab-separated, so that operators (and tests) can count each file's encodes from the log.
    private static readonly Action<ILogger, string, string, Exception?> LogEncoded = LoggerMessage.Define<string, string>(
        LogLevel.Debug, new EventId(1, "Encoded"), "Encoded\t{Model}\t{Path}");

    private readonly Counter<long> encoded;
    private readonly Histogram<double> decodeTime;
    private readonly Histogram<double> encodeTime;
    private readonly Counter<long> failures;
    private readonly ILogger logger;

    public EncodeReporter(ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(IndexingDiagnostics.MeterName) ?? SharedMeter;
        encoded = meter.CreateCounter<long>(IndexingDiagnostics.EncodedCounter, unit: "{photo}", description: "Photos run through an image encoder.");
        decodeTime = meter.CreateHistogram<double>(IndexingDiagnostics.DecodeDuration, unit: "ms", description: "Time to decode and preprocess one photo.");
        encodeTime = meter.CreateHistogram<double>(IndexingDiagnostics.EncodeDuration, unit: "ms", description: "Time of one image encoder batch.");
        failures = meter.CreateCounter<long>(IndexingDiagnostics.FailedCounter, unit: "{photo}", description: "Files that could not be indexed, by stage.");
        logger = loggerFactory?.CreateLogger(IndexingDiagnostics.EncodeLogCategory) ?? NullLogger.Instance;
    }

    /// <summary>Records how long one photo took to decode and preprocess.</summary>
    public void ReportDecodeTime(TimeSpan elapsed) => decodeTime.Record(elapsed.TotalMilliseconds);

    /// <summary>Records how long one encoder batch took.</summary>
    public void ReportEncodeTime(string modelId, TimeSpan elapsed, int photos) =>
        encodeTime.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>(IndexingDiagnostics.ModelTag, modelId), new KeyValuePair<string, object?>("photos", photos));

    /// <summary>Counts a file that failed at <paramref name="stage"/> (scan, decode, embed).</summary>
    public void ReportFailure(string stage) => failures.Add(1, new KeyValuePair<string, object?>(IndexingDiagnostics.StageTag, stage));

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
