using Spectre.Console.Cli;

namespace VlSearch.Cli;

/// <summary>The one place where commands are added to the CLI.</summary>
public static class CommandRegistration
{
    public static IConfigurator AddVlSearchCommands(this IConfigurator config)
    {
        config.SetApplicationName("vlsearch");
        config.PropagateExceptions();
        config.SetInterceptor(new UnknownOptionCheck());
        // Commands are registered below, one line each.
        config.AddCommand<Commands.IndexCommand>("index").WithExample("index", "~/Pictures");
        config.AddCommand<Commands.SearchCommand>("search").WithExample("search", "\"two kids on a beach\"", "-k", "20");
        config.AddCommand<Commands.SimilarCommand>("similar").WithExample("similar", "photo.jpg");
        config.AddCommand<Commands.AskCommand>("ask").WithExample("ask", "\"which of these was taken at the lake house?\"", "--query", "lake", "-k", "6");
        config.AddCommand<Commands.CaptionsCommand>("captions").WithExample("captions", "--all");
        config.AddCommand<Commands.ImagineCommand>("imagine").WithExample("imagine", "\"a red kite over a beach\"", "--out", "kite.png");
        config.AddCommand<Commands.DuplicatesCommand>("duplicates").WithExample("duplicates", "--json");
        config.AddCommand<Commands.StatusCommand>("status");
        config.AddCommand<Commands.ReindexCommand>("reindex");
        Commands.JobsRegistration.AddJobsBranch(config);
        config.AddCommand<Commands.DemoCommand>("demo");
        config.AddCommand<Commands.TokenizeCommand>("tokenize").WithExample("tokenize", "--model", "models/clip", "\"a photo of a dog\"");
        config.AddCommand<Commands.EmbedCommand>("embed").WithExample("embed", "--model", "models/clip", "--text", "\"a dog\"");
        config.AddBranch("models", models =>
        {
            models.SetDescription("List, download, import, remove and choose models.");
            models.AddCommand<Commands.ModelsListCommand>("list");
            models.AddCommand<Commands.ModelsPullCommand>("pull").WithExample("models", "pull", "clip-vit-b32");
            models.AddCommand<Commands.ModelsImportCommand>("import").WithExample("models", "import", "./my-clip", "--name", "my-clip");
            models.AddCommand<Commands.ModelsRemoveCommand>("remove");
            models.AddCommand<Commands.ModelsUseCommand>("use").WithExample("models", "use", "clip-vit-b32");
        });
        config.AddBranch<Commands.GlobalSettings>("generate", generate =>
        {
            generate.SetDescription("Write synthetic scenes of one split (default), or a photo library for evaluating search.");
            generate.SetDefaultCommand<Commands.GenerateCommand>();
            generate.AddCommand<Commands.GenerateCompositionalCommand>("compositional").WithExample("generate", "compositional", "--out", "twins", "--pairs", "300");
            generate.AddCommand<Commands.GenerateLibraryCommand>("library").WithExample("generate", "library", "--out", "library", "--photos", "500");
        });
        config.AddCommand<Commands.TrainCommand>("train").WithExample("train", "--seed", "1", "--out", "models/vlsearch-tiny");
        config.AddCommand<Commands.TrainItmCommand>("train-itm").WithExample("train-itm", "--seed", "1", "--out", "models/vlsearch-tiny-itm");
        config.AddCommand<Commands.TrainTaggerCommand>("train-tagger").WithExample("train-tagger", "--seed", "1", "--out", "models/vlsearch-tiny-tagger");
        config.AddCommand<Commands.EvalTaggerCommand>("eval-tagger").WithExample("eval-tagger", "--model", "models/vlsearch-tiny-tagger", "--split", "test", "--json");
        config.AddCommand<Commands.EvalCommand>("eval").WithExample("eval", "--model", "vlsearch-tiny", "--queries", "samples/synthetic-test/queries.json")
            .WithExample("eval", "--pipelines", "vector,keyword,hybrid", "--queries", "library/queries.json");
        config.AddCommand<Commands.TagsCommand>("tags").WithExample("tags", "42", "--json").WithExample("tags", "run").WithExample("tags", "vocabulary", "add", "sailing boat");
        config.AddCommand<Commands.EvalTagsCommand>("eval-tags").WithExample("eval-tags", "--model", "vlsearch-tiny", "--json");
        config.AddCommand<Commands.AdaptCommand>("adapt").WithExample("adapt", "--model", "vlsearch-tiny", "--photos", "labelled");
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks that print JSON.");
            bench.AddCommand<Commands.BenchEncodeCommand>("encode");
            bench.AddCommand<Commands.BenchIndexCommand>("index").WithExample("bench", "index", "-n", "1000000", "--dim", "512", "--quantization", "i8");
            bench.AddCommand<Commands.BenchStartupCommand>("startup").WithExample("bench", "startup", "-n", "1000");
            bench.AddCommand<Commands.BenchDuplicatesCommand>("duplicates").WithExample("bench", "duplicates", "-n", "500", "--scale", "100000");
            bench.AddCommand<Commands.BenchSearchCommand>("search").WithExample("bench", "search", "-n", "100000", "--photos", "samples/synthetic-test");
            bench.AddCommand<Commands.BenchEnrichCommand>("enrich").WithExample("bench", "enrich", "-n", "10000");
            bench.AddCommand<Commands.BenchTaggerCommand>("tagger").WithExample("bench", "tagger", "--model", "models/vlsearch-tiny-tagger");
            bench.AddCommand<Commands.BenchRerankCommand>("rerank").WithExample("bench", "rerank", "--blip-base", "--runs", "3");
        });
        return config;
    }
}
