using Spectre.Console.Cli;

namespace VlSearch.Cli;

/// <summary>The one place where commands are added to the CLI.</summary>
public static class CommandRegistration
{
    public static IConfigurator AddVlSearchCommands(this IConfigurator config)
    {
        config.SetApplicationName("vlsearch");
        config.PropagateExceptions();
        // Commands are registered below, one line each.
        config.AddCommand<Commands.IndexCommand>("index").WithExample("index", "~/Pictures");
        config.AddCommand<Commands.SearchCommand>("search").WithExample("search", "\"two kids on a beach\"", "-k", "20");
        config.AddCommand<Commands.SimilarCommand>("similar").WithExample("similar", "photo.jpg");
        config.AddCommand<Commands.StatusCommand>("status");
        config.AddCommand<Commands.ReindexCommand>("reindex");
        config.AddCommand<Commands.DemoCommand>("demo");
        config.AddCommand<Commands.TokenizeCommand>("tokenize").WithExample("tokenize", "--model", "models/clip", "\"a photo of a dog\"");
        config.AddCommand<Commands.EmbedCommand>("embed").WithExample("embed", "--model", "models/clip", "--text", "\"a dog\"");
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks that print JSON.");
            bench.AddCommand<Commands.BenchEncodeCommand>("encode");
            // bench index is added here.
        });
        return config;
    }
}
