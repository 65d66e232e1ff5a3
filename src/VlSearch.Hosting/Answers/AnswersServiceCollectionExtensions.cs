using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        return services;
    }

    private static void Add<T>(IServiceCollection services, string section)
        where T : AnswerProviderOptions =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations()
            .Validate(o => o.Problem() is null, $"{section} is enabled but incomplete: set Model, and Endpoint unless Provider is OpenAI.")
            .ValidateOnStart();
}
