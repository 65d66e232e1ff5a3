using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VlSearch.Hosting;
using VlSearch.Web.Components;
using VlSearch.Web.Security;
using VlSearch.Web.Services;

namespace VlSearch.Web.Hosting;

/// <summary>Service wiring of the web app.</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>Name of the rate-limiting policy of the API (one window per API key, else per client address).</summary>
    public const string RateLimitPolicy = "per-key";

    /// <summary>
    /// Adds configuration (VlSearch's sources on top of the web defaults), VlSearch's services for the data folder
    /// (<c>--data</c>, else <c>$VLSEARCH_DATA</c>, else the user's data folder), and the web app's own services.
    /// </summary>
    public static WebApplicationBuilder AddVlSearchWeb(this WebApplicationBuilder builder)
    {
        var data = DataDirectory.Resolve(builder.Configuration["data"]);
        builder.Configuration.AddVlSearchSources(data);
        builder.Logging.AddCatalogLogFilter(LogLevel.Warning);

        var services = builder.Services;
        services.AddVlSearch(data);
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ActiveModel>();
        services.AddSingleton<ModelActivation>();
        services.AddSingleton<WebSearch>();
        services.AddSingleton<PhotoCatalog>();
        services.AddSingleton<ThumbnailCache>();
        services.AddSingleton<UploadSearch>();
        services.AddSingleton<ModelPulls>();
        services.AddVlSearchJobs(builder.Configuration, data);
        services.AddSingleton<IJobBackend, CatalogJobBackend>();

        services.AddSingleton<AdminKeyStore>();
        services.AddHostedService<AdminKeyAnnouncer>();

        // Cookies stay valid across restarts: the keys that sign them live in the data folder.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(data, "web-keys")));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddVlSearchSecurity(builder.Configuration.GetValue<bool>($"{WebOptions.SectionName}:{nameof(WebOptions.RequireApiKey)}"));
        services.AddVlSearchRateLimiting();
        services.AddOptions<FormOptions>().Configure<IOptions<WebOptions>>((form, web) => form.MultipartBodyLengthLimit = web.Value.MaxUploadBytes);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        return builder;
    }

    private static void AddVlSearchSecurity(this IServiceCollection services, bool requireApiKey)
    {
        services.AddAuthentication(WebAuth.SelectorScheme)
            .AddPolicyScheme(WebAuth.SelectorScheme, null, o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(WebAuth.ApiKeyScheme, null)
            .AddCookie(WebAuth.CookieScheme, o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/login";
                o.Cookie.Name = "vlsearch-admin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;

                // API callers get status codes, not a login page.
                o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(WebAuth.AdminPolicy, p => p.RequireRole(WebAuth.AdminRole))
            .AddPolicy(WebAuth.ReaderPolicy, p =>
            {
                if (requireApiKey)
                {
                    p.RequireAuthenticatedUser();
                }
                else
                {
                    p.RequireAssertion(_ => true);
                }
            });
    }

    private static string SelectScheme(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(WebAuth.ApiKeyHeader))
        {
            return WebAuth.ApiKeyScheme;
        }

        return context.Request.Path.StartsWithSegments("/api") && !context.Request.Cookies.ContainsKey("vlsearch-admin")
            ? WebAuth.ApiKeyScheme
            : WebAuth.CookieScheme;
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static void AddVlSearchRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await TypedResults.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: "The request rate of this API key (or client) is over its limit; retry later.").ExecuteAsync(context.HttpContext);
            };
            o.AddPolicy(RateLimitPolicy, http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.RequestsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });

    /// <summary>The key's hash (keys are secrets and are not kept as dictionary keys), else the client address.</summary>
    private static string PartitionKey(HttpContext http) =>
        http.Request.Headers.TryGetValue(WebAuth.ApiKeyHeader, out var key) && !string.IsNullOrEmpty(key)
            ? "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())))[..16]
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
