using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Hosting.Answers;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch imagine "text" [--out file]</c>: draws the text with the image model and searches with the picture.</summary>
[Description("Draw a description with the configured text-to-image model (Answers:Imagine), save the picture with --out, and list the photos that look like it.")]
public sealed class ImagineCommand : HostedCommand<ImagineCommand.Settings>
{
    public sealed class Settings : FilterSettings
    {
        [CommandArgument(0, "<DESCRIPTION>")]
        [Description("What the picture should show, e.g. \"a red kite over a pebble beach\".")]
        public string Description { get; init; } = "";

        [CommandOption("--out <FILE>")]
        [Description("Where to save the imagined picture (PNG or what the service sends).")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Description) ? ValidationResult.Error("Give a description.") : base.Validate();
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var model = LoadModel(services, settings.Model, visual: true);
        var result = await services.GetRequiredService<PhotoImagining>().SearchAsync(settings.Description, model, settings.K, settings.ToFilter(), cancellationToken);
        if (settings.Out is { } path)
        {
            await File.WriteAllBytesAsync(Path.GetFullPath(path), result.Image.Bytes.ToArray(), cancellationToken);
            await Console.Error.WriteLineAsync($"imagined picture saved to {Path.GetFullPath(path)} ({result.Image.MediaType}, {result.Image.Bytes.Length} bytes)");
        }

        SearchResultPrinter.Print(result.Hits, settings.Json);
        return 0;
    }
}
