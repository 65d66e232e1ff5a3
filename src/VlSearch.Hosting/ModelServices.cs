using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.ModelHub;

namespace VlSearch.Hosting;

/// <summary>
/// The services of commands that only touch the models folder or one image file: models and imaging with their
/// default options (configuration read only for models' score calibration), without catalog or vector index, so they start as fast as a plain process.
/// </summary>
public static class ModelServices
{
    /// <summary>
    /// A provider with <see cref="VlSearchServiceCollectionExtensions.AddVlSearchModels"/> and
    /// <see cref="VlSearchServiceCollectionExtensions.AddVlSearchImaging"/> for <paramref name="dataDirectory"/>.
    /// Disposing it disposes the models it loaded.
    /// </summary>
    public static ServiceProvider Create(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var services = new ServiceCollection();
        // Only for the scale and bias configuration gives a model (ConfiguredCalibration), so a listing shows them.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddVlSearchSources(dataDirectory).Build());
        services.AddOptions<ModelHubOptions>().Configure(o => o.DataDirectory = dataDirectory);
        services.AddVlSearchModels();
        services.AddVlSearchImaging();
        return services.BuildServiceProvider();
    }
}
