using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VlSearch.Jobs.Admin;
using VlSearch.Testing;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

/// <summary>An admin switches the model searches use; the library is embedded with it and the old vectors stay.</summary>
public sealed class ModelSwitchTests : IDisposable
{
    private readonly VlSearchWebFactory factory = new();

    [Fact]
    public async Task Switching_the_active_model_embeds_the_library_with_it_keeps_the_old_vectors_and_is_remembered()
    {
        var library = new SyntheticLibrary(Path.Combine(factory.TempRoot, "photos"), 12);
        Assert.Equal("succeeded", (await factory.AddLibraryAndWaitAsync(library.Folder)).State);
        var other = RandomClipModel.Write(Path.Combine(factory.TempRoot, "other"), name: "other-clip", seed: 5);
        using var admin = factory.CreateAdminClient();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/models/active", new { model = other });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = (await response.Content.ReadFromJsonAsync<ActiveModelChange>())!;
        Assert.Equal(other, change.ActiveModel);
        Assert.NotNull(change.Job);
        Assert.Equal("succeeded", (await WaitAsync(admin, change.Job.Id)).State);

        var status = (await admin.GetFromJsonAsync<CatalogStatus>("/api/v1/admin/status"))!;
        Assert.Equal(other, status.ActiveModel);
        Assert.Equal(12, status.VectorsPerModel[change.ModelId]);
        Assert.Equal(12, status.VectorsPerModel["vlsearch-tiny"]);
        Assert.Equal(12, status.Vectors);

        var search = await admin.GetFromJsonAsync<JsonObject>("/api/v1/search?q=a%20red%20circle&k=5");
        Assert.Equal(5, search!["items"]!.AsArray().Count);

        var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(factory.Data, "vlsearch.json")))!;
        Assert.Equal(other, settings["Models"]!["Active"]!.GetValue<string>());

        // Back to the first model: its vectors were kept, so nothing needs embedding.
        var back = (await (await admin.PostAsJsonAsync("/api/v1/admin/models/active", new { model = "vlsearch-tiny" })).Content.ReadFromJsonAsync<ActiveModelChange>())!;
        Assert.Equal("vlsearch-tiny", back.ActiveModel);
        Assert.Equal(0, (await WaitAsync(admin, back.Job!.Id)).Total);
    }

    [Theory]
    [InlineData("resnet18-imagenet", "text")]
    [InlineData("no-such-model", "no-such-model")]
    [InlineData(" ", "model")]
    public async Task A_model_that_cannot_serve_text_search_is_refused_and_the_active_model_stays(string model, string reason)
    {
        using var admin = factory.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/models/active", new { model });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var status = (await admin.GetFromJsonAsync<CatalogStatus>("/api/v1/admin/status"))!;
        Assert.Equal("vlsearch-tiny", status.ActiveModel);
        Assert.False(File.Exists(Path.Combine(factory.Data, "vlsearch.json")));
    }

    [Fact]
    public async Task Only_admins_may_switch_the_model()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", VlSearchWebFactory.DeveloperKey);
        var response = await client.PostAsJsonAsync("/api/v1/admin/models/active", new { model = "vlsearch-tiny" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<JobInfo> WaitAsync(HttpClient admin, long id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var job = (await admin.GetFromJsonAsync<JobInfo>($"/api/v1/admin/jobs/{id}"))!;
            if (job.State is not ("queued" or "running"))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {id} is still {job.State}");
            await Task.Delay(100);
        }
    }

    public void Dispose() => factory.Dispose();
}
