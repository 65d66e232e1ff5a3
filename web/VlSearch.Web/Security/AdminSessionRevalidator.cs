using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace VlSearch.Web.Security;

/// <summary>
/// Live pages check their admin sign-in again every minute, so a session that ended (time up, admin key changed,
/// signed out elsewhere) stops working in open tabs too, not only at the next page load.
/// </summary>
public sealed class AdminSessionRevalidator(ILoggerFactory loggerFactory, AdminSessions sessions) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(sessions.IsValid(authenticationState.User));
}
