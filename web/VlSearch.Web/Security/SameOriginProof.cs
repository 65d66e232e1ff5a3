using Microsoft.AspNetCore.Antiforgery;

namespace VlSearch.Web.Security;

/// <summary>
/// Whether a request signed in by the admin cookie shows that it comes from this app's own pages, not from another
/// site riding on the browser's cookie: the browser's <c>Sec-Fetch-Site: same-origin</c>, or an antiforgery token
/// in the <c>RequestVerificationToken</c> header. Reading photos and thumbnails needs no proof.
/// </summary>
public static class SameOriginProof
{
    public const string FetchSiteHeader = "Sec-Fetch-Site";

    public static async Task<bool> IsPresentAsync(HttpContext context)
    {
        var request = context.Request;
        var safe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var site = request.Headers[FetchSiteHeader].ToString();
        if (site == "same-origin" || (safe && site == "none"))
        {
            return true;
        }

        if (safe && !request.Path.StartsWithSegments("/api/v1/admin"))
        {
            return true;
        }

        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        return request.Headers.ContainsKey(context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AntiforgeryOptions>>().Value.HeaderName ?? "RequestVerificationToken")
               && await antiforgery.IsRequestValidAsync(context);
    }
}
