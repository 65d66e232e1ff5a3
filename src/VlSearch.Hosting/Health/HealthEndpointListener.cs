using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VlSearch.Hosting.Health;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> for the worker, which has no web server: a small HTTP listener at
/// <see cref="HealthOptions.Url"/>, answering GET and HEAD only.
/// </summary>
public sealed partial class HealthEndpointListener(HealthCheckService checks, IOptions<HealthOptions> options, ILogger<HealthEndpointListener> logger) : BackgroundService
{
    private HttpListener? listener;

    /// <summary>Binds the address before the host reports started, so a probe right after start is answered.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.Url))
        {
            var url = options.Value.Url.EndsWith('/') ? options.Value.Url : options.Value.Url + "/";
            listener = new HttpListener();
            listener.Prefixes.Add(url);
            listener.Start();
            LogListening(logger, url);
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        listener?.Close();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (listener is null)
        {
            return;
        }

        using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException && stoppingToken.IsCancellationRequested)
            {
                return;
            }

            // One probe at a time is plenty; answering inline keeps a flood of probes from piling up work.
            await AnswerAsync(context, stoppingToken);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url?.AbsolutePath.TrimEnd('/');
            if (context.Request.HttpMethod is not ("GET" or "HEAD"))
            {
                response.StatusCode = 405;
            }
            else if (path is "/health/live" or "/health/ready")
            {
                var report = await checks.CheckHealthAsync(path == "/health/ready" ? HealthChecksRegistration.IsReadiness : _ => false, cancellationToken);
                response.StatusCode = HealthReportJson.StatusCode(report);
                response.ContentType = "application/json";
                response.Headers["Cache-Control"] = "no-store";
                if (context.Request.HttpMethod == "GET")
                {
                    await HealthReportJson.WriteAsync(response.OutputStream, report, cancellationToken);
                }
            }
            else
            {
                response.StatusCode = 404;
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException)
        {
            // The prober went away or the host is stopping: nothing to answer.
        }
        finally
        {
            response.Close();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Health endpoints at {Url}health/live and /health/ready.")]
    private static partial void LogListening(ILogger logger, string url);
}
