using Microsoft.Extensions.DependencyInjection;
using VlSearch.Hosting;
using VlSearch.ModelHub;

namespace VlSearch.Cli.Commands;

/// <summary>
/// The model commands only touch the models folder, so they take the <see cref="ModelManager"/> from
/// <see cref="ModelServices"/> instead of starting the host (which would open the catalog and the vector index).
/// </summary>
public static class ModelsCommandSupport
{
    /// <summary>The model services of the data folder chosen by <c>--data</c>; dispose them when done.</summary>
    public static ServiceProvider CreateServices(GlobalSettings settings) => ModelServices.Create(DataDirectory.Resolve(settings.Data));

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KiB",
        _ => $"{bytes} B",
    };
}
