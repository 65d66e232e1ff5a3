using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VlSearch.Hosting;
using VlSearch.Testing;
using VlSearch.Web.Hosting;
using VlSearch.Web.Security;

namespace VlSearch.Web.Tests;

/// <summary>The generated admin key is created owner-only and is never written to the log.</summary>
public sealed class AdminKeyFileTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task A_generated_admin_key_is_not_logged_and_the_log_says_where_to_read_it()
    {
        var store = new AdminKeyStore(Options.Create(new WebOptions()), new VlSearchPaths(temp.Path));
        var logger = new RecordingLogger();

        await new AdminKeyAnnouncer(store, logger).StartAsync(CancellationToken.None);

        Assert.True(store.Generated);
        var message = Assert.Single(logger.Messages);
        Assert.DoesNotContain(store.Key, message, StringComparison.Ordinal);
        Assert.Contains(store.KeyFile, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_admin_key_file_is_readable_by_its_owner_only_and_kept_across_starts()
    {
        var first = new AdminKeyStore(Options.Create(new WebOptions()), new VlSearchPaths(temp.Path));
        var second = new AdminKeyStore(Options.Create(new WebOptions()), new VlSearchPaths(temp.Path));

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.KeyFile));
        }

        Assert.Equal(first.Key, second.Key);
        Assert.False(second.Generated);
    }

    public void Dispose() => temp.Dispose();

    private sealed class RecordingLogger : ILogger<AdminKeyAnnouncer>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
