using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Hosting.Answers;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch ask "question" [--query Q | --photos ids] [-k N]</c>: a vision model's answer about photos, streamed to stdout.</summary>
[Description("Ask the configured vision model (Answers:Questions) about photos: the top k of a query, or the listed photo ids. The answer streams to stdout and ends with the cited photo ids.")]
public sealed class AskCommand : HostedCommand<AskCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<QUESTION>")]
        [Description("What to ask, e.g. \"which of these was taken at the lake house?\"")]
        public string Question { get; init; } = "";

        [CommandOption("--query <QUERY>")]
        [Description("Which photos to ask about: the top k of this query (default: the question itself).")]
        public string? Query { get; init; }

        [CommandOption("--photos <IDS>")]
        [Description("Ask about these catalogued photo ids instead, comma-separated.")]
        public string? Photos { get; init; }

        [CommandOption("-k|--top <N>")]
        [Description("How many of the query's top photos to send (default 8, at most Answers:Questions:MaxImagesPerRequest).")]
        public int? K { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Question))
            {
                return ValidationResult.Error("Give a question.");
            }

            if (Query is not null && Photos is not null)
            {
                return ValidationResult.Error("Give --query or --photos, not both.");
            }

            return Photos is not null && ParseIds(Photos) is null
                ? ValidationResult.Error("--photos takes catalogued photo ids separated by commas, e.g. --photos 12,40,41.")
                : ValidationResult.Success();
        }

        internal static long[]? ParseIds(string text)
        {
            var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var ids = new List<long>();
            foreach (var part in parts)
            {
                if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    return null;
                }

                ids.Add(id);
            }

            return ids.Count > 0 ? [.. ids] : null;
        }
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var questions = services.GetRequiredService<PhotoQuestions>();
        var request = new AskRequest(settings.Question, settings.Query, settings.Photos is null ? null : Settings.ParseIds(settings.Photos), settings.K);
        await using var session = await questions.StartAsync(request, () => LoadModel(services, settings.Model), cancellationToken);
        var stdout = Console.Out;
        await foreach (var item in session.ReadAllAsync(cancellationToken))
        {
            if (item.IsDone)
            {
                await stdout.WriteLineAsync();
                await stdout.WriteLineAsync("cited: " + (item.Cited!.Count == 0 ? "none" : string.Join(", ", item.Cited)));
            }
            else
            {
                await stdout.WriteAsync(item.Delta);
                await stdout.FlushAsync(cancellationToken);
            }
        }

        return 0;
    }
}
