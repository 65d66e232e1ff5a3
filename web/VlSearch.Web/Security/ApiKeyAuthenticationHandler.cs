using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace VlSearch.Web.Security;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the admin key and the configured developer keys. A wrong key
/// counts against the caller's address (<see cref="ClientThrottle"/>) and is logged, without the key.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<WebOptions> web,
    AdminKeyStore adminKey,
    ClientThrottle throttle) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(WebAuth.ApiKeyHeader, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = values[0]!;
        if (adminKey.Matches(presented))
        {
            return Task.FromResult(Success(AdminSessions.AdminName, [WebAuth.AdminRole]));
        }

        foreach (var key in web.Value.ApiKeys)
        {
            if (!string.IsNullOrEmpty(key.Key) && AdminKeyStore.Equal(presented, key.Key))
            {
                return Task.FromResult(Success(string.IsNullOrWhiteSpace(key.Name) ? "api-key" : key.Name, key.Roles));
            }
        }

        var address = ClientAddress.Of(Context);
        throttle.RecordFailure(address);
        LogUnknownKey(Logger, address, Request.Method, Request.Path);
        return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unknown API key from {Address} for {Method} {Path}.")]
    private static partial void LogUnknownKey(ILogger logger, string address, string method, string path);

    private AuthenticateResult Success(string name, IEnumerable<string> roles)
    {
        var identity = new ClaimsIdentity(Scheme.Name);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
