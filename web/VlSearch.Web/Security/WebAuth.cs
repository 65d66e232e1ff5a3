namespace VlSearch.Web.Security;

/// <summary>Names of the authentication schemes, policies and roles of the web app.</summary>
public static class WebAuth
{
    /// <summary>Header that carries an API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    public const string ApiKeyScheme = "ApiKey";

    public const string CookieScheme = "Cookies";

    /// <summary>Picks the API key scheme for API calls and the cookie for pages.</summary>
    public const string SelectorScheme = "VlSearch";

    public const string AdminRole = "admin";

    /// <summary>The sign-in page.</summary>
    public const string LoginPath = "/login";

    /// <summary>Name of the admin sign-in cookie.</summary>
    public const string CookieName = "vlsearch-admin";

    /// <summary>Admin pages and routes.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Search and photo routes: open unless <see cref="WebOptions.RequireApiKey"/>.</summary>
    public const string ReaderPolicy = "reader";
}
