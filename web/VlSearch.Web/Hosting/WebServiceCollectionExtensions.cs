using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VlSearch.Hosting;
using VlSearch.Hosting.Health;
using VlSearch.Web.Components;
using VlSearch.Web.Security;
using VlSearch.Web.Services;

namespace VlSearch.Web.Hosting;

/// <summary>Service wiring of the web app.</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>Name of the rate-limiting policy of the API (one window per authenticated identity, else per client address).</summary>
    public const string RateLimitPolicy = "per-key";

    /// <summary>
    /// Adds configuration (VlSearch's sources on top of the web defaults), VlSearch's services for the data folder
    /// (<c>--data</c>, else <c>$VLSEARCH_DATA</c>, else the user's data folder), and the web app's own services.
    /// </summary>
    public static WebApplicationBuilder AddVlSearchWeb(this WebApplicationBuilder builder)
    {
        // `dotnet run` starts in Production (safe defaults); the framework's scripts are then found through the build
        // output's static web assets manifest, as Development does by itself. A published app has no manifest: no-op.
        builder.WebHost.UseStaticWebAssets();

        var data = DataDirectory.Resolve(builder.Configuration["data"]);
        builder.Configuration.AddVlSearchSources(data);
        builder.Logging.AddCatalogLogFilter(LogLevel.Warning);

        var services = builder.Services;
        services.AddVlSearch(data);
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ActiveModel>();
        services.AddVlSearchHealthChecks(sp => sp.GetRequiredService<ActiveModel>().Name);
        services.AddSingleton<ModelActivation>();
        services.AddSingleton<WebSearch>();
        services.AddSingleton<PhotoCatalog>();
        services.AddSingleton<DuplicateGroups>();
        services.AddSingleton<ThumbnailCache>();
        services.AddSingleton<UploadSearch>();
        services.AddSingleton<ModelPulls>();
        services.AddVlSearchJobs(builder.Configuration, data);
        services.AddSingleton<IJobBackend, CatalogJobBackend>();

        services.AddSingleton<AdminKeyStore>();
        services.AddHostedService<AdminKeyAnnouncer>();
        services.AddSingleton<AdminSessions>();
        services.AddSingleton<ClientThrottle>();
        services.AddSingleton<NetworkExposureCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<NetworkExposureCheck>());
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebOptions>>((forwarded, web) =>
        {
            // Forwarded headers are believed from the configured proxies only, never from loopback by default.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in web.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        // Cookies stay valid across restarts: the keys that sign them live in the data folder.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(data, "web-keys")));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddVlSearchSecurity(builder.Configuration.GetValue<bool>($"{WebOptions.SectionName}:{nameof(WebOptions.RequireApiKey)}"));
        services.AddVlSearchRateLimiting();
        services.AddOptions<FormOptions>().Configure<IOptions<WebOptions>>((form, web) => form.MultipartBodyLengthLimit = web.Value.MaxUploadBytes);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, AdminSessionRevalidator>();
        return builder;
    }

    private static void AddVlSearchSecurity(this IServiceCollection services, bool requireApiKey)
    {
        services.AddAuthentication(WebAuth.SelectorScheme)
            .AddPolicyScheme(WebAuth.SelectorScheme, null, o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(WebAuth.ApiKeyScheme, null)
            .AddCookie(WebAuth.CookieScheme, o =>
            {
                o.LoginPath = WebAuth.LoginPath;
                o.AccessDeniedPath = WebAuth.LoginPath;
                o.Cookie = new AdminCookieBuilder
                {
                    Name = WebAuth.CookieName,
                    Path = "/",
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    SecurePolicy = CookieSecurePolicy.SameAsRequest,
                };

                // An absolute lifetime: activity never extends a session (AdminSessions sets its end at sign-in).
                o.SlidingExpiration = false;

                // API callers get status codes, not a login page.
                o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        services.AddOptions<CookieAuthenticationOptions>(WebAuth.CookieScheme)
            .Configure<IOptions<WebOptions>>((o, web) => o.ExpireTimeSpan = TimeSpan.FromHours(web.Value.AdminSessionHours));

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

    /// <summary>Ends a cookie session whose time is up, whose admin key changed, or that signed out.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        if (!context.HttpContext.RequestServices.GetRequiredService<AdminSessions>().IsValid(context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(WebAuth.CookieScheme);
        }
    }

    private static string SelectScheme(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(WebAuth.ApiKeyHeader))
        {
            return WebAuth.ApiKeyScheme;
        }

        return context.Request.Path.StartsWithSegments("/api") && !context.Request.Cookies.ContainsKey(WebAuth.CookieName)
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
                    detail: "The request rate of this API key, sign-in or client address is over its limit; retry later.").ExecuteAsync(context.HttpContext);
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

    /// <summary>
    /// The authenticated identity (key name or admin sign-in), else the client address: a made-up key authenticates
    /// as nobody, so it shares its address's budget instead of getting a fresh one.
    /// </summary>
    internal static string PartitionKey(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true } identity
            ? $"id:{identity.AuthenticationType}:{identity.Name}"
            : "ip:" + ClientAddress.Of(http);
}
