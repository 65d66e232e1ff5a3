using System.Net;
using System.Net.Http.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Web.Api;
using VlSearch.Web.Services;

namespace VlSearch.Web.Tests;

/// <summary>What anyone may make the server do with an upload is bounded: pixels, waiting uploads and leftover files.</summary>
[Collection(IndexedAppCollection.Name)]
public sealed class UploadLimitTests(IndexedAppFixture app)
{
    [Fact]
    public async Task An_upload_declaring_9000_by_9000_pixels_is_refused_from_its_header_with_a_problem()
    {
        var png = PngDeclaring.Create(9000, 9000);
        Assert.True(png.Length < VlSearchWebFactory.MaxUploadBytes, $"the test file is {png.Length} bytes");

        using var client = app.Factory.CreateClient();
        using var response = await client.PostAsync("/api/v1/search/image?k=3", Form(png, "huge.png"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        var message = string.Join(" ", problem!.Errors["file"]);
        Assert.Contains("9000x9000", message, StringComparison.Ordinal);
        Assert.Contains("above the limit", message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.Factory.Data, "uploads")));
    }

    [Fact]
    public async Task Uploads_past_the_decode_slots_and_their_queue_are_answered_503_with_retry_after_and_served_again_once_free()
    {
        var uploads = app.Factory.Services.GetRequiredService<UploadSearch>();
        var image = await File.ReadAllBytesAsync(app.Library.Captions.Keys.First());
        using var client = app.Factory.CreateClient();
        using var waiting = new CancellationTokenSource();
        var held = new List<RateLimitLease>();
        var queued = new List<Task<RateLimitLease>>();
        try
        {
            // Takes every slot, then every place in the queue, until the limiter turns a request away.
            for (var i = 0; i < 10_000; i++)
            {
                var attempt = uploads.AcquireSlotAsync(waiting.Token).AsTask();
                if (!attempt.IsCompleted)
                {
                    queued.Add(attempt);
                    continue;
                }

                var lease = await attempt;
                if (!lease.IsAcquired)
                {
                    lease.Dispose();
                    break;
                }

                held.Add(lease);
            }

            Assert.NotEmpty(held);
            using var busy = await client.PostAsync("/api/v1/search/image?k=3", Form(image, "query.png"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal("application/problem+json", busy.Content.Headers.ContentType!.MediaType);
            Assert.True(busy.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {busy.Headers.RetryAfter}");
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.Factory.Data, "uploads")));
        }
        finally
        {
            await waiting.CancelAsync();
            foreach (var lease in held)
            {
                lease.Dispose();
            }

            foreach (var task in queued)
            {
                try
                {
                    (await task).Dispose();
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        using var served = await client.PostAsync("/api/v1/search/image?k=3", Form(image, "query.png"));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public void Upload_files_left_behind_for_over_an_hour_are_swept_and_fresh_ones_kept()
    {
        var uploads = app.Factory.Services.GetRequiredService<UploadSearch>();
        Directory.CreateDirectory(uploads.Folder);
        var stale = Path.Combine(uploads.Folder, "left-behind.img");
        var fresh = Path.Combine(uploads.Folder, "in-flight.img");
        File.WriteAllBytes(stale, [1, 2, 3]);
        File.WriteAllBytes(fresh, [1, 2, 3]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
        try
        {
            Assert.Equal(1, uploads.SweepStale());
            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(fresh));
        }
        finally
        {
            File.Delete(fresh);
        }
    }

    [Fact]
    public void The_upload_decoder_has_the_upload_pixel_cap_and_an_imagesharp_allocation_limit_below_the_indexers()
    {
        var uploads = app.Factory.Services.GetRequiredService<UploadSearch>();
        var indexer = new Imaging.PhotoDecoder(new Imaging.DecoderOptions());
        Assert.True(uploads.Decoder.AllocationLimitMegabytes < indexer.AllocationLimitMegabytes);
        Assert.True(uploads.Decoder.AllocationLimitMegabytes <= 40_000_000L * 8 / (1024 * 1024));
    }

    [Fact]
    public async Task Thumbnails_asked_for_at_other_sizes_are_made_only_at_the_allowed_sizes()
    {
        using var client = app.Factory.CreateClient();
        var hit = (await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20blue%20square&k=1"))!.Items[0];

        foreach (var size in new[] { 300, 301, 333, 4000 })
        {
            using var response = await client.GetAsync($"/api/v1/photos/{hit.Id}/thumbnail?size={size}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var made = Directory.GetDirectories(Path.Combine(app.Factory.Data, "thumbnails")).Select(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var allowed = app.Factory.Services.GetRequiredService<ThumbnailCache>().Sizes;
        Assert.All(made, size => Assert.Contains(size, allowed));
        Assert.Contains(512, made);
        Assert.Contains(2048, made);
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        return form;
    }
}
