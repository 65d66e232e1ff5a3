using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VlSearch.Web.Security;

namespace VlSearch.Web.Tests;

[Collection(IndexedAppCollection.Name)]
public sealed class SecurityTests(IndexedAppFixture app)
{
    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "GET", "/api/v1/admin/jobs" },
        { "POST", "/api/v1/admin/jobs" },
        { "GET", "/api/v1/admin/libraries" },
        { "GET", "/api/v1/admin/status" },
        { "DELETE", "/api/v1/admin/libraries/1" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Admin_routes_without_a_key_are_401(string method, string url)
    {
        using var client = app.Factory.CreateClient();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { }) });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Admin_routes_with_a_developer_key_are_403(string method, string url)
    {
        using var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add(WebAuth.ApiKeyHeader, VlSearchWebFactory.DeveloperKey);
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { }) });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_key_does_not_open_admin_routes()
    {
        using var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add(WebAuth.ApiKeyHeader, app.Factory.AdminKey + "x");
        var response = await client.GetAsync("/api/v1/admin/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_page_sends_visitors_without_a_login_to_the_sign_in_page()
    {
        using var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_generated_admin_key_is_kept_in_the_data_folder_and_opens_admin_routes()
    {
        var stored = (await File.ReadAllTextAsync(Path.Combine(app.Factory.Data, AdminKeyStore.FileName))).Trim();
        Assert.Equal(app.Factory.AdminKey, stored);
        Assert.True(stored.Length >= 32);

        using var admin = app.Factory.CreateAdminClient();
        var status = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/status");
        Assert.Equal(IndexedAppFixture.PhotoCount, status.GetProperty("photos").GetInt32());
    }

    [Theory]
    [InlineData("data")]
    [InlineData("above-data")]
    [InlineData("inside-data")]
    [InlineData("/")]
    [InlineData("/etc")]
    [InlineData("/proc")]
    public async Task A_library_root_at_the_data_folder_above_it_or_at_a_system_folder_is_refused_with_a_problem(string which)
    {
        var path = which switch
        {
            "data" => app.Factory.Data,
            "above-data" => Path.GetDirectoryName(app.Factory.Data)!,
            "inside-data" => Path.Combine(app.Factory.Data, "thumbnails"),
            _ => which,
        };
        Directory.CreateDirectory(path);
        using var admin = app.Factory.CreateAdminClient();
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/libraries");

        using var response = await admin.PostAsJsonAsync("/api/v1/admin/libraries", new { path });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("errors").GetProperty("path")[0].GetString()));
        var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/libraries");
        Assert.Equal(before.GetArrayLength(), after.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/v1/photos/..%2F..%2F..%2Fetc%2Fpasswd/original")]
    [InlineData("/api/v1/photos/%2Fetc%2Fpasswd/original")]
    [InlineData("/api/v1/photos/..%252F..%252Fetc%252Fpasswd/thumbnail")]
    [InlineData("/api/v1/photos/1/../../../../etc/passwd")]
    [InlineData("/api/v1/photos/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("/api/v1/photos/999999/original")]
    [InlineData("/api/v1/photos/-1/thumbnail")]
    [InlineData("/etc/passwd")]
    [InlineData("/..%2f..%2fetc%2fpasswd")]
    [InlineData("/_framework/..%2f..%2f..%2fetc%2fpasswd")]
    public async Task Path_traversal_attempts_are_404(string url)
    {
        using var client = app.Factory.CreateClient();
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_413()
    {
        using var client = app.Factory.CreateClient();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(new byte[VlSearchWebFactory.MaxUploadBytes * 3]), "file", "big.png");
        var response = await client.PostAsync("/api/v1/search/image", form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertProblemAsync(response, 413);
    }

    [Fact]
    public async Task An_upload_that_is_not_an_image_is_a_400_problem()
    {
        using var client = app.Factory.CreateClient();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent("not an image at all"u8.ToArray()), "file", "notes.png");
        var response = await client.PostAsync("/api/v1/search/image", form);
        await AssertProblemAsync(response, 400);
    }

    [Theory]
    [InlineData("/api/v1/search")]
    [InlineData("/api/v1/search?q=")]
    [InlineData("/api/v1/search?q=dog&k=0")]
    [InlineData("/api/v1/search?q=dog&k=abc")]
    [InlineData("/api/v1/search?q=dog&k=1001")]
    [InlineData("/api/v1/search?q=dog&cursor=not-a-cursor")]
    [InlineData("/api/v1/search?q=dog&cursor=bzE6OTk5OTk5OQ")]
    [InlineData("/api/v1/search?q=dog&from=yesterday")]
    [InlineData("/api/v1/search?q=dog&from=2024-05-01&to=2024-01-01")]
    [InlineData("/api/v1/search?q=dog&folder=relative%2Fpath")]
    [InlineData("/api/v1/photos/1/thumbnail?size=1")]
    [InlineData("/api/v1/photos/1/thumbnail?size=big")]
    [InlineData("/api/v1/photos/1/similar?k=-3")]
    public async Task Invalid_parameters_are_400_problem_details(string url)
    {
        using var client = app.Factory.CreateClient();
        var response = await client.GetAsync(url);
        await AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task A_query_longer_than_the_limit_is_400()
    {
        using var client = app.Factory.CreateClient();
        var response = await client.GetAsync("/api/v1/search?q=" + new string('a', 2100));
        await AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task Malformed_admin_bodies_are_400_problem_details()
    {
        using var admin = app.Factory.CreateAdminClient();
        var badKind = await admin.PostAsJsonAsync("/api/v1/admin/jobs", new { kind = "format-disk" });
        await AssertProblemAsync(badKind, 400);

        var badJson = await admin.PostAsync("/api/v1/admin/libraries", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(badJson, 400);

        var relative = await admin.PostAsJsonAsync("/api/v1/admin/libraries", new { path = "../photos" });
        await AssertProblemAsync(relative, 400);

        var missing = await admin.PostAsJsonAsync("/api/v1/admin/libraries", new { path = "/no/such/folder/anywhere" });
        await AssertProblemAsync(missing, 400);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
    }
}
