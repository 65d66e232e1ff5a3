using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Indexing;

namespace VlSearch.Hosting.Answers;

/// <summary>Registers the answer capabilities (questions, imagine, captioning); each stays off until configured.</summary>
public static class AnswersServiceCollectionExtensions
{
    public static IServiceCollection AddVlSearchAnswers(this IServiceCollection services)
    {
        Add<QuestionsOptions>(services, QuestionsOptions.SectionName);
        Add<CaptioningOptions>(services, CaptioningOptions.SectionName);
        Add<ImagineOptions>(services, ImagineOptions.SectionName);
        services.AddSingleton(sp => new AnswerProviders(
            sp.GetRequiredService<IOptions<QuestionsOptions>>(),
            sp.GetRequiredService<IOptions<CaptioningOptions>>(),
            sp.GetRequiredService<IOptions<ImagineOptions>>()));
        services.AddSingleton<AnswerImageLoader>();
        services.AddSingleton<PhotoQuestions>();
        services.AddSingleton<PhotoImagining>();
        services.AddSingleton<Search.Ranking.IQueryImagination>(sp => sp.GetRequiredService<PhotoImagining>());
        services.AddSingleton(sp =>
        {
            var loader = sp.GetRequiredService<AnswerImageLoader>();
            var maxSide = sp.GetRequiredService<IOptions<CaptioningOptions>>().Value.ImageMaxSide;
            return new PhotoCaptioner(sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(), (path, ct) => loader.LoadJpeg(path, maxSide, ct), sp.GetService<ILoggerFactory>());
        });
        services.AddSingleton(sp =>
        {
            var providers = sp.GetRequiredService<AnswerProviders>();
            var options = providers.Captioning;
            var why = AnswerProviders.WhyOff(options);
            var settings = new CaptionSettings
            {
                Model = options.Model ?? "",
                Concurrency = options.Concurrency,
                MaxAttempts = options.MaxAttempts,
                RetryDelay = options.RetryDelay,
                MaxTokens = options.MaxTokens,
            };
            var chat = why is null ? new PacedVisionChat(providers.CaptioningChat(), providers.CaptioningRate) : null;
            return new CaptionStage(sp.GetRequiredService<PhotoCaptioner>(), chat, settings, why);
        });
        return services;
    }

    private static void Add<T>(IServiceCollection services, string section)
        where T : AnswerProviderOptions =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations()
            .Validate(o => o.Problem() is null, $"{section} is enabled but incomplete: set Model, and Endpoint unless Provider is OpenAI.")
            .ValidateOnStart();
}
