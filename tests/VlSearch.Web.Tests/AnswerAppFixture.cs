using VlSearch.Testing.OpenAi;

namespace VlSearch.Web.Tests;

/// <summary>
/// An indexed app whose questions and imagine capabilities point at the OpenAI-compatible double, with its logs
/// captured (the key must never appear in them).
/// </summary>
public sealed class AnswerAppFixture : IAsyncLifetime
{
    public const string ProviderKey = "sk-web-provider-secret-0123456789";
    public const int PhotoCount = 10;
    public const int MaxImages = 4;
    public const int ImageMaxSide = 64;

    public OpenAiCompatibleServerDouble Server { get; private set; } = null!;

    public ListLoggerProvider Logs { get; } = new();

    public LoggingWebFactory Factory { get; private set; } = null!;

    public SyntheticLibrary Library { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await OpenAiCompatibleServerDouble.StartAsync();
        Factory = new LoggingWebFactory(Logs)
        {
            Settings = Answers(Server.BaseUri, ProviderKey, timeout: "00:00:08"),
        };
        Library = new SyntheticLibrary(Path.Combine(Factory.TempRoot, "photos"), PhotoCount);
        await Factory.AddLibraryAndWaitAsync(Library.Folder);
    }

    public async Task DisposeAsync()
    {
        Factory.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Settings that turn questions and imagine on against <paramref name="endpoint"/>.</summary>
    public static Dictionary<string, string?> Answers(Uri endpoint, string key, string timeout = "00:01:00", int requestsPerMinute = 10_000) => new()
    {
        ["Answers:Questions:Enabled"] = "true",
        ["Answers:Questions:Provider"] = "OpenAICompatible",
        ["Answers:Questions:Endpoint"] = endpoint.ToString(),
        ["Answers:Questions:Model"] = "llava-test",
        ["Answers:Questions:ApiKey"] = key,
        ["Answers:Questions:Timeout"] = timeout,
        ["Answers:Questions:MaxImagesPerRequest"] = MaxImages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Answers:Questions:ImageMaxSide"] = ImageMaxSide.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Answers:Questions:MaxTokens"] = "123",
        ["Answers:Questions:RequestsPerMinute"] = requestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Answers:Imagine:Enabled"] = "true",
        ["Answers:Imagine:Provider"] = "OpenAICompatible",
        ["Answers:Imagine:Endpoint"] = endpoint.ToString(),
        ["Answers:Imagine:Model"] = "sd-test",
        ["Answers:Imagine:ApiKey"] = key,
        ["Answers:Imagine:Timeout"] = timeout,
        ["Answers:Captioning:Enabled"] = "true",
        ["Answers:Captioning:Endpoint"] = endpoint.ToString(),
        ["Answers:Captioning:Model"] = "captioner-test",
        ["Answers:Captioning:RetryDelay"] = "00:00:00.010",
    };
}

[CollectionDefinition(Name)]
public sealed class AnswerAppCollection : ICollectionFixture<AnswerAppFixture>
{
    public const string Name = "answer app";
}
