using Microsoft.Extensions.Logging;
using HangfireLevel = global::Hangfire.Logging.LogLevel;

namespace VlSearch.Hangfire;

/// <summary>
/// Hangfire's logging into the host's loggers. Hangfire keeps its log provider in static state, so where several
/// hosts live in one process (tests, a host restarted in place) it can outlive the host whose loggers it uses: then
/// it drops messages instead of failing the job that logs.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory loggers) : global::Hangfire.Logging.ILogProvider
{
    public global::Hangfire.Logging.ILog GetLogger(string name) => new HostLog(loggers, name);

    private sealed class HostLog(ILoggerFactory loggers, string name) : global::Hangfire.Logging.ILog
    {
        private ILogger? logger;

        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                logger ??= loggers.CreateLogger(name);
                var level = logLevel switch
                {
                    HangfireLevel.Trace => LogLevel.Trace,
                    HangfireLevel.Debug => LogLevel.Debug,
                    HangfireLevel.Info => LogLevel.Information,
                    HangfireLevel.Warn => LogLevel.Warning,
                    HangfireLevel.Error => LogLevel.Error,
                    _ => LogLevel.Critical,
                };
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }

#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates.
                logger.Log(level, exception, messageFunc());
#pragma warning restore CA2254
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
