using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VlSearch.Hosting.Health;
using System.Security.Claims;
using Hangfire;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Scalar.AspNetCore;
using VlSearch.Web.Api;
using VlSearch.Web.Components;
using VlSearch.Web.Security;

namespace VlSearch.Web.Hosting;

/// <summary>Middleware and endpoints of the web app.</summary>
public static class WebApplicationExtensions
{
    public static WebApplication UseVlSearchWeb(this WebApplication app)
    {
        // Until the bound addresses passed NetworkExposureCheck nothing is served.
        var exposure = app.Services.GetRequiredService<NetworkExposureCheck>();
        app.Use((context, next) =>
        {
            if (exposure.Passed)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        app.UseForwardedHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Malformed requests (bodies over Kestrel's limit, bad headers) keep their 4xx status; a JSON body in a
            // charset .NET does not know fails in the framework's reader before any handler runs.
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                InvalidOperationException { InnerException: ArgumentException } when ex.Message.Contains("charset", StringComparison.Ordinal)
                    => StatusCodes.Status415UnsupportedMediaType,
                _ => StatusCodes.Status500InternalServerError,
            },
        });

        // API errors without a body (unmatched routes, bad JSON) become ProblemDetails too; pages keep their own.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());

        // Per-address limits run before any key is checked, so guessing keys costs the guesser's own budget.
        app.UseMiddleware<ClientThrottleMiddleware>();
        app.UseAuthentication();

        // The admin cookie opens the API only with proof that the request comes from this app's pages.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && context.User.Identity?.AuthenticationType == WebAuth.CookieScheme &&
                !await SameOriginProof.IsPresentAsync(context))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }

            await next(context);
        });
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapVlSearchApi();
        app.MapVlSearchHealth();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("VlSearch API")).AllowAnonymous();
        if (app.Services.GetService<JobStorage>() is { } storage)
        {
            app.MapHangfireDashboard("/admin/hangfire", new DashboardOptions
            {
                Authorization = [new AdminDashboardAuthorization()],
                AppPath = "/admin",
                DisplayStorageConnectionString = false,
            }, storage).RequireAuthorization(WebAuth.AdminPolicy);
        }

        // A form post with the page's antiforgery token: another site cannot sign the admin out, and the session's
        // id is revoked, so a copy of the cookie is worthless afterwards.
        app.MapPost("/logout", async Task<IResult> (HttpContext http, IAntiforgery antiforgery, AdminSessions sessions) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out refused", detail: "Sign out with the button on the admin page (the form's token is missing or wrong).");
            }

            sessions.Revoke(http.User);
            await http.SignOutAsync(WebAuth.CookieScheme);
            return TypedResults.LocalRedirect("/");
        }).DisableAntiforgery().ExcludeFromDescription();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>The versioned API under <c>/api/v1</c>.</summary>
    /// <summary>
    /// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (catalog, index and active model), open to
    /// probes without a key: they show states and timings, never paths or settings.
    /// </summary>
    public static WebApplication MapVlSearchHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        Task Write(HttpContext http, HealthReport report)
        {
            http.Response.ContentType = "application/json";
            http.Response.Headers.CacheControl = "no-store";
            return HealthReportJson.WriteAsync(http.Response.Body, report, http.RequestAborted);
        }

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = HealthChecksRegistration.IsReadiness, ResponseWriter = Write })
            .AllowAnonymous().DisableRateLimiting();
        return app;
    }

    public static WebApplication MapVlSearchApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireRateLimiting(WebServiceCollectionExtensions.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        var reader = api.MapGroup("/").RequireAuthorization(WebAuth.ReaderPolicy).AddEndpointFilter<ResponseRedaction>();
        reader.MapSearchEndpoints();
        reader.MapPhotoEndpoints();
        reader.MapAnswerEndpoints();
        api.MapAdminEndpoints();
        api.MapAnswerAdminEndpoints();
        api.MapDuplicateEndpoints();
        api.MapTagEndpoints();
        return app;
    }
}
