using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VlSearch.Load;

// Adds a library of generated photos to a running web app and, while it indexes, keeps a number of searchers
// (text and image) busy for a fixed time. Prints one JSON report: requests, errors by kind, latency percentiles per
// kind, the slowest request against the configured limit, and how far indexing got. Exit 1 when any request failed
// or waited longer than the limit; 2 for bad arguments.
LoadSettings settings;
try
{
    settings = LoadSettings.Parse(args);
}
catch (Exception e) when (e is ArgumentException or IOException or UriFormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var generate = Stopwatch.StartNew();
var photos = LoadPhotos.Ensure(settings.Photos, settings.PhotoCount);
Console.Error.WriteLine($"{photos.Count} photos ready in {settings.Photos} ({generate.Elapsed.TotalSeconds:0} s)");
var uploads = photos.Take(20).Select(File.ReadAllBytes).ToArray();

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Searchers + 4 })
{
    BaseAddress = settings.Url,
    Timeout = settings.RequestLimit + TimeSpan.FromSeconds(30),
};
http.DefaultRequestHeaders.Add("X-Api-Key", settings.AdminKey);

var added = await http.PostAsJsonAsync("/api/v1/admin/libraries", new { path = settings.Photos });
if (!added.IsSuccessStatusCode)
{
    Console.Error.WriteLine($"Adding the library failed: {(int)added.StatusCode} {await added.Content.ReadAsStringAsync()}");
    return 1;
}

var samples = new Sample[settings.Searchers][];
using var stop = new CancellationTokenSource(settings.Duration);
var clock = Stopwatch.StartNew();
var searchers = Enumerable.Range(0, settings.Searchers).Select(n => Task.Run(async () =>
{
    var random = new Random(n);
    var mine = new List<Sample>();
    while (!stop.IsCancellationRequested)
    {
        var image = random.NextDouble() < settings.ImageShare;
        var started = Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            using var response = image
                ? await http.PostAsync("/api/v1/search/image", Upload(uploads[random.Next(uploads.Length)]))
                : await http.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(Query(random))}&k=20");
            if (!response.IsSuccessStatusCode)
            {
                error = $"{(int)response.StatusCode}";
            }
            else
            {
                await response.Content.ReadAsByteArrayAsync();
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            error = e.GetType().Name;
        }

        mine.Add(new Sample(image ? "image" : "text", Stopwatch.GetElapsedTime(started), error));
    }

    samples[n] = [.. mine];
})).ToArray();

// Indexing progress while the searchers run, sampled once a second.
var progress = new List<(double Seconds, long Done, long Total, string State)>();
while (!stop.IsCancellationRequested)
{
    try
    {
        var jobs = await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        var job = jobs.EnumerateArray().OrderByDescending(j => j.GetProperty("id").GetInt64()).First();
        progress.Add((clock.Elapsed.TotalSeconds, job.GetProperty("done").GetInt64(), job.GetProperty("total").GetInt64(), job.GetProperty("state").GetString()!));
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
    {
    }

    await Task.WhenAny(Task.Delay(1000), Task.Delay(Timeout.Infinite, stop.Token));
}

await Task.WhenAll(searchers);
var all = samples.SelectMany(s => s).ToList();
var last = progress.LastOrDefault();
var report = new
{
    settings = new { url = settings.Url, photos = settings.PhotoCount, searchers = settings.Searchers, seconds = settings.Duration.TotalSeconds, imageShare = settings.ImageShare, limitSeconds = settings.RequestLimit.TotalSeconds },
    requests = all.Count,
    requestsPerSecond = Math.Round(all.Count / clock.Elapsed.TotalSeconds, 1),
    errors = all.Count(s => s.Error is not null),
    errorsByKind = all.Where(s => s.Error is not null).GroupBy(s => $"{s.Kind} {s.Error}").ToDictionary(g => g.Key, g => g.Count()),
    latencyMs = all.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => Percentiles(g)),
    maxWaitMs = all.Count == 0 ? 0 : Math.Round(all.Max(s => s.Elapsed.TotalMilliseconds)),
    overLimit = all.Count(s => s.Elapsed > settings.RequestLimit),
    indexing = new { done = last.Done, total = last.Total, state = last.State, photosPerSecond = progress.Count < 2 ? 0 : Math.Round((last.Done - progress[0].Done) / (last.Seconds - progress[0].Seconds), 1) },
};
Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
return report.errors == 0 && report.overLimit == 0 && all.Count > 0 ? 0 : 1;

static object Percentiles(IEnumerable<Sample> samples)
{
    var sorted = samples.Select(s => s.Elapsed.TotalMilliseconds).Order().ToArray();
    double At(double q) => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 1);
    return new { count = sorted.Length, p50 = At(0.50), p90 = At(0.90), p99 = At(0.99), max = Math.Round(sorted[^1], 1) };
}

static MultipartFormDataContent Upload(byte[] photo)
{
    var file = new ByteArrayContent(photo);
    file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
    return new MultipartFormDataContent { { file, "file", "query.jpg" } };
}

static string Query(Random random)
    => $"a {LoadPhotos.Colours[random.Next(LoadPhotos.Colours.Length)]} circle on a {LoadPhotos.Colours[random.Next(LoadPhotos.Colours.Length)]} background";

internal sealed record Sample(string Kind, TimeSpan Elapsed, string? Error);
