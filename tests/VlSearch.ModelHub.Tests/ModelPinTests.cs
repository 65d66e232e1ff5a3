using System.Net;

namespace VlSearch.ModelHub.Tests;

/// <summary>Catalogue pins, downloads bounded by them, and a hub token that never travels in clear text.</summary>
public sealed class ModelPinTests
{
    private const string VisionFile = "onnx/vision_model.onnx";

    [Fact]
    public void Every_built_in_catalogue_entry_pins_its_commit_and_files_or_says_why_it_cannot()
    {
        Assert.NotEmpty(KnownModelCatalog.Default.Models);
        foreach (var model in KnownModelCatalog.Default.Models)
        {
            if (model.PinVerified)
            {
                Assert.True(model.IsFullyPinned, $"{model.Name} claims a verified pin without a commit, size and SHA-256 for every file");
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(model.PinNote), $"{model.Name} is not pinned and does not say why");
            }
        }
    }

    [Fact]
    public void A_catalogue_entry_that_claims_a_verified_pin_without_hashes_is_refused()
    {
        var entry = new KnownModel
        {
            Name = "claims-a-pin",
            Repo = "org/model",
            Revision = new string('a', 40),
            PinVerified = true,
            Files = [new KnownModelFile("config.json", Size: 2)],
        };

        var error = Assert.Throws<ArgumentException>(() => new KnownModelCatalog([entry], entry.Name));

        Assert.Contains("claims-a-pin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_that_runs_past_the_pinned_size_is_stopped_and_deleted()
    {
        using var bed = new HubTestBed(withChecksums: true);
        var served = bed.ServedPath(VisionFile);
        var oversized = new byte[bed.SourceBytes(VisionFile).Length + (4 << 20)];
        bed.Server.Substitute(served, oversized);
        bed.Server.SendChunked(served);

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.PullAsync(HubTestBed.Name));

        Assert.Contains(VisionFile, failure.Message, StringComparison.Ordinal);
        Assert.Contains("pins", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(bed.StagingDirectory, "onnx", "vision_model.onnx.part")));
        Assert.Null(bed.Manager.GetInstalled(HubTestBed.Name));
    }

    [Fact]
    public async Task The_hub_token_never_reaches_a_plain_http_endpoint()
    {
        using var bed = new HubTestBed(withChecksums: true);
        bed.Options.Token = "hf_secret_token_for_tests";

        await bed.Manager.PullAsync(HubTestBed.Name);

        Assert.NotEmpty(bed.Server.Authorizations);
        Assert.All(bed.Server.Authorizations, Assert.Null);
        Assert.NotNull(bed.Manager.GetInstalled(HubTestBed.Name));
    }

    [Theory]
    [InlineData("https://hub.test", true)]
    [InlineData("http://hub.test", false)]
    public async Task The_hub_token_is_sent_only_to_https_endpoints(string endpoint, bool sent)
    {
        using var bed = new HubTestBed(withChecksums: true);
        bed.Options.Endpoint = endpoint;
        bed.Options.Token = "hf_secret_token_for_tests";
        var handler = new RecordingHandler(bed);
        using var http = new HttpClient(handler);
        using var manager = new ModelManager(bed.Options, bed.FolderLoader, new SingleClientFactory(http), catalog: bed.Catalog);

        await manager.PullAsync(HubTestBed.Name);

        Assert.NotEmpty(handler.Authorizations);
        Assert.All(handler.Authorizations, a => Assert.Equal(sent ? "Bearer hf_secret_token_for_tests" : null, a));
    }

    /// <summary>Answers every file of the test bed's model from memory and records the Authorization header sent.</summary>
    private sealed class RecordingHandler(HubTestBed bed) : HttpMessageHandler
    {
        public List<string?> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Authorizations)
            {
                Authorizations.Add(request.Headers.Authorization?.ToString());
            }

            var marker = "/resolve/main/";
            var path = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
            var file = Path.Combine(bed.SourceDirectory, path[(path.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..]);
            var response = File.Exists(file)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(request.Method == HttpMethod.Head ? [] : File.ReadAllBytes(file)) }
                : new HttpResponseMessage(HttpStatusCode.NotFound);
            if (File.Exists(file))
            {
                response.Content.Headers.ContentLength = new FileInfo(file).Length;
            }

            return Task.FromResult(response);
        }
    }

    private sealed class SingleClientFactory(HttpClient client) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => client;
    }
}
