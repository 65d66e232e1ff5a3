namespace VlSearch.Web.Security;

/// <summary>
/// The admin cookie is <c>Secure</c> unless the browser is on this machine: off loopback it must never travel over
/// plain http, where anyone on the network could read it (sign in over https there).
/// </summary>
public sealed class AdminCookieBuilder : CookieBuilder
{
    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = options.Secure || !ClientAddress.IsLoopback(context);
        return options;
    }
}
