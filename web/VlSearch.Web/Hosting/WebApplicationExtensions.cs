using Hangfire;
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
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapVlSearchApi();
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

        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(WebAuth.CookieScheme);
            return TypedResults.LocalRedirect("/");
        }).ExcludeFromDescription();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>The versioned API under <c>/api/v1</c>.</summary>
    public static WebApplication MapVlSearchApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireRateLimiting(WebServiceCollectionExtensions.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        var reader = api.MapGroup("/").RequireAuthorization(WebAuth.ReaderPolicy);
        reader.MapSearchEndpoints();
        reader.MapPhotoEndpoints();
        api.MapAdminEndpoints();
        return app;
    }
}
