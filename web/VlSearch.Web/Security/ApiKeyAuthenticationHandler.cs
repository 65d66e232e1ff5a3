using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace VlSearch.Web.Security;

/// <summary>Authenticates the <c>X-Api-Key</c> header against the admin key and the configured developer keys.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<WebOptions> web,
    AdminKeyStore adminKey) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
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
            return Task.FromResult(Success("admin", [WebAuth.AdminRole]));
        }

        foreach (var key in web.Value.ApiKeys)
        {
            if (!string.IsNullOrEmpty(key.Key) && AdminKeyStore.Equal(presented, key.Key))
            {
                return Task.FromResult(Success(string.IsNullOrWhiteSpace(key.Name) ? "api-key" : key.Name, key.Roles));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
    }

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
