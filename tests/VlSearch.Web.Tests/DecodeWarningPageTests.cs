using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using VlSearch.Testing;
using VlSearch.Web.Components.Pages;

namespace VlSearch.Web.Tests;

/// <summary>A photo indexed from a truncated file shows up as a warning in the admin status and on the admin page.</summary>
public sealed class DecodeWarningPageTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task A_truncated_jpeg_is_counted_by_the_admin_status_and_listed_on_the_admin_page_with_its_reason()
    {
        var folder = temp.Sub("photos");
        TestImages.WritePng(Path.Combine(folder, "whole.png"), seed: 3);
        var whole = await File.ReadAllBytesAsync(TestImages.WriteJpeg(temp.File("whole.jpg"), seed: 4, size: 256));
        var cut = Path.Combine(folder, "cut.jpg");
        await File.WriteAllBytesAsync(cut, whole[..(int)(whole.Length * 0.8)]);
        using var factory = new VlSearchWebFactory(temp.Sub("data"));

        var job = await factory.AddLibraryAndWaitAsync(folder);
        Assert.Equal("succeeded", job.State);
        Assert.Equal(2, job.Embedded);

        using var admin = factory.CreateAdminClient();
        var status = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/status");
        Assert.Equal(1, status.GetProperty("warnings").GetInt32());

        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddFallbackServiceProvider(factory.Services);
        var page = context.Render<Admin>();
        page.WaitForAssertion(() =>
        {
            var row = page.Find("table.warnings tbody tr");
            Assert.Contains(cut, row.TextContent, StringComparison.Ordinal);
            Assert.Contains("Truncated JPEG", row.TextContent, StringComparison.Ordinal);
            Assert.Equal("1", page.Find("#warning-count").TextContent);
        }, TimeSpan.FromMinutes(1));
    }

    public void Dispose() => temp.Dispose();
}
