using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VlSearch.Indexing.Tests;

/// <summary>A logger factory that keeps every message of the categories it is told to enable, at any level.</summary>
public sealed class CapturingLoggerFactory(params string[] enabledCategories) : ILoggerFactory
{
    /// <summary>Category, level, formatted message and the message's named values.</summary>
    public ConcurrentQueue<(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName, enabledCategories.Contains(categoryName));

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerFactory owner, string category, bool enabled) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => enabled;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!enabled)
            {
                return;
            }

            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : [];
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception), values));
        }
    }
}
