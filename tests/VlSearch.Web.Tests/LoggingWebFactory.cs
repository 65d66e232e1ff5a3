using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace VlSearch.Web.Tests;

/// <summary>The test app with an extra logger provider.</summary>
public sealed class LoggingWebFactory(ListLoggerProvider logs) : VlSearchWebFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(logs));
    }
}
