using Microsoft.Extensions.Options;
using VlSearch.Core.Answers;
using VlSearch.SemanticKernel;

namespace VlSearch.Hosting.Answers;

/// <summary>
/// The configured model services per capability, built on first use: nothing is contacted, and nothing leaves the
/// machine, for a capability that is off. Holds each capability's requests-per-minute budget.
/// </summary>
public sealed class AnswerProviders
{
    private readonly Lazy<IVisionChat?> _questions;
    private readonly Lazy<IVisionChat?> _captioning;
    private readonly Lazy<IImageGenerator?> _imagine;

    public AnswerProviders(IOptions<QuestionsOptions> questions, IOptions<CaptioningOptions> captioning, IOptions<ImagineOptions> imagine, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(captioning);
        ArgumentNullException.ThrowIfNull(imagine);
        Questions = questions.Value;
        Captioning = captioning.Value;
        Imagine = imagine.Value;
        QuestionsRate = new RequestRate(Questions.RequestsPerMinute);
        CaptioningRate = new RequestRate(Captioning.RequestsPerMinute);
        ImagineRate = new RequestRate(Imagine.RequestsPerMinute);
        _questions = new(() => IsOn(Questions) ? new SemanticKernelVisionChat(Questions.ToConnection(), httpClient) : null);
        _captioning = new(() => IsOn(Captioning) ? new SemanticKernelVisionChat(Captioning.ToConnection(), httpClient) : null);
        _imagine = new(() => IsOn(Imagine) ? new OpenAiImageGenerator(Imagine.ToConnection(), httpClient) : null);
    }

    public QuestionsOptions Questions { get; }

    public CaptioningOptions Captioning { get; }

    public ImagineOptions Imagine { get; }

    public RequestRate QuestionsRate { get; }

    public RequestRate CaptioningRate { get; }

    public RequestRate ImagineRate { get; }

    /// <summary>Why a capability is not available (one line), or null where it is on.</summary>
    public static string? WhyOff(AnswerProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !options.Enabled ? $"No model service is configured for {options.Capability.ToLowerInvariant()} (set Answers:{options.Capability}:Enabled, Provider, Endpoint and Model)."
            : options.Problem();
    }

    /// <exception cref="AnswerProviderException">Questions are off (<see cref="AnswerFailure.NotConfigured"/>).</exception>
    public IVisionChat QuestionsChat() => _questions.Value ?? throw NotConfigured(Questions);

    /// <exception cref="AnswerProviderException">Captioning is off.</exception>
    public IVisionChat CaptioningChat() => _captioning.Value ?? throw NotConfigured(Captioning);

    /// <exception cref="AnswerProviderException">Image generation is off.</exception>
    public IImageGenerator ImageGenerator() => _imagine.Value ?? throw NotConfigured(Imagine);

    /// <summary>Each capability as the admin page shows it.</summary>
    public IReadOnlyList<ProviderSummary> Describe() => [Summary(Questions), Summary(Imagine), Summary(Captioning)];

    /// <summary>Takes one request from a capability's per-minute budget.</summary>
    /// <exception cref="CostLimitException">The minute's budget is spent.</exception>
    public static void Take(RequestRate rate, AnswerProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(rate);
        ArgumentNullException.ThrowIfNull(options);
        if (!rate.TryTake(out var wait))
        {
            throw new CostLimitException($"{options.Capability} is limited to {rate.PerMinute} requests per minute (Answers:{options.Capability}:RequestsPerMinute).", wait);
        }
    }

    private static bool IsOn(AnswerProviderOptions options) => options.Enabled && options.Problem() is null;

    private static AnswerProviderException NotConfigured(AnswerProviderOptions options) => new(AnswerFailure.NotConfigured, WhyOff(options)!);

    private static ProviderSummary Summary(AnswerProviderOptions o) => new(
        o.Capability,
        IsOn(o),
        o.Enabled ? o.Provider.ToString() : null,
        o.Enabled ? (o.Endpoint ?? o.ToConnection().EffectiveEndpoint).GetLeftPart(UriPartial.Path) : null,
        o.Enabled ? o.Model : null,
        o.Enabled && !string.IsNullOrEmpty(o.ResolveApiKey()),
        o.ImageMaxSide,
        o.MaxImagesPerRequest,
        o.MaxTokens,
        o.RequestsPerMinute,
        o.Concurrency,
        WhyOff(o));
}
