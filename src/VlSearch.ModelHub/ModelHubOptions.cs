namespace VlSearch.ModelHub;

/// <summary>Where models are installed and where they are downloaded from. Bound from the <c>Models</c> section.</summary>
public sealed class ModelHubOptions
{
    public const string SectionName = "Models";

    /// <summary>The public hub, used when neither the options nor <c>HF_ENDPOINT</c> name a mirror.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>
    /// The data folder; models are installed in <c>&lt;DataDirectory&gt;/models/&lt;name&gt;/</c>.
    /// Default: <c>$VLSEARCH_DATA</c>, else <c>vlsearch</c> under the user's local application data folder.
    /// </summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary>
    /// Base address of a Hugging Face compatible hub; files are fetched from
    /// <c>{Endpoint}/{repo}/resolve/{revision}/{file}</c>. Default: <c>$HF_ENDPOINT</c>, else https://huggingface.co.
    /// </summary>
    public string Endpoint { get; set; } = FromEnvironment("HF_ENDPOINT") ?? DefaultEndpoint;

    /// <summary>Bearer token sent to the hub for gated or private repositories. Default: <c>$HF_TOKEN</c>.</summary>
    public string? Token { get; set; } = FromEnvironment("HF_TOKEN");

    /// <summary>Folder of models shipped with the application. Default: <c>models/</c> beside the executable.</summary>
    public string BundledModelsDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>Attempts per file before a pull fails; each retry resumes where the previous one stopped.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A download that receives no data for this long is abandoned (and retried).</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The folder holding installed models.</summary>
    public string ModelsDirectory => Path.Combine(DataDirectory, "models");

    /// <summary>The data folder used when none is configured.</summary>
    public static string DefaultDataDirectory() =>
        FromEnvironment("VLSEARCH_DATA") ??
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "vlsearch");

    private static string? FromEnvironment(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
