namespace VlSearch.Web.Api;

/// <summary>Where the API serves a photo's files; always by catalog id, never by path.</summary>
public static class PhotoUrls
{
    public static string Details(long id) => $"/api/v1/photos/{id}";

    public static string Thumbnail(long id) => $"/api/v1/photos/{id}/thumbnail";

    public static string Preview(long id, int size) => $"/api/v1/photos/{id}/thumbnail?size={size}";

    public static string Original(long id) => $"/api/v1/photos/{id}/original";
}
