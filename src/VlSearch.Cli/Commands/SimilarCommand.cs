using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;
using VlSearch.Search;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch similar photo.jpg</c>: photos that look like an image file, indexed or not.</summary>
[Description("Find photos that look like an image file.")]
public sealed class SimilarCommand : HostedCommand<SimilarCommand.Settings>
{
    public sealed class Settings : FilterSettings
    {
        [CommandArgument(0, "<IMAGE>")]
        [Description("An image file (JPEG, PNG, WebP, GIF, BMP, TIFF).")]
        public string Image { get; init; } = "";
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var model = LoadModel(services, settings.Model, visual: true);
        var hits = await services.GetRequiredService<PhotoSearch>().SearchImageAsync(model, Path.GetFullPath(settings.Image), settings.K, settings.ToFilter(), cancellationToken: cancellationToken);
        SearchResultPrinter.Print(hits, settings.Json);
        return 0;
    }
}
