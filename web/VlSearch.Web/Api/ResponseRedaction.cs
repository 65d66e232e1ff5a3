using Microsoft.Extensions.Options;
using VlSearch.Web.Security;

namespace VlSearch.Web.Api;

/// <summary>
/// Leaves full server paths and GPS coordinates out of search and photo responses for callers that
/// <see cref="WebOptions.ExposePaths"/> and <see cref="WebOptions.ExposeLocation"/> do not allow; admins always see them.
/// </summary>
public sealed class ResponseRedaction(IOptions<WebOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (http.User.IsInRole(WebAuth.AdminRole))
        {
            return result;
        }

        var local = ClientAddress.IsLoopback(http);
        var paths = options.Value.ExposePaths ?? local;
        var location = options.Value.ExposeLocation ?? local;
        if (paths && location)
        {
            return result;
        }

        var value = (result is INestedHttpResult nested ? nested.Result : result as IResult) as IValueHttpResult;
        return value?.Value switch
        {
            SearchResponse page when !paths => TypedResults.Ok(page with { Items = [.. page.Items.Select(i => i with { Path = FileName(i.Path) })] }),
            PhotoDetails photo => TypedResults.Ok(photo with
            {
                Path = paths ? photo.Path : FileName(photo.Path),
                Latitude = location ? photo.Latitude : null,
                Longitude = location ? photo.Longitude : null,
            }),
            _ => result,
        };
    }

    // Both separators: a catalog made on Windows may be served from Linux.
    private static string FileName(string path) => path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
}
