using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Hosting;

namespace VlSearch.Cli.Commands;

/// <summary>
/// A command that needs VlSearch's services: builds the host for the chosen data folder (validating every option at
/// start), runs, and stops it so indexes are saved.
/// </summary>
public abstract class HostedCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : GlobalSettings
{
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var data = DataDirectory.Resolve(settings.Data);
        Directory.CreateDirectory(data);
        var overrides = new Dictionary<string, string?>();
        if (settings.Device is { } device)
        {
            overrides["Inference:Device"] = device.Trim().ToLowerInvariant() switch
            {
                "cpu" => nameof(ExecutionDevice.Cpu),
                "cuda" or "gpu" => nameof(ExecutionDevice.Cuda),
                _ => throw new ArgumentException($"Unknown device '{device}': use cpu or cuda."),
            };
        }

        var host = VlSearchHost.CreateBuilder(data, overrides).Build();
        try
        {
            await host.StartAsync(cancellationToken);
            try
            {
                return await RunAsync(host.Services, settings, cancellationToken);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            await HostDisposal.DisposeAsync(host);
        }
    }

    /// <summary>The command's work.</summary>
    protected abstract Task<int> RunAsync(IServiceProvider services, TSettings settings, CancellationToken cancellationToken);

    /// <summary>
    /// The model named by <c>--model</c>, else the configured active one, seen through its personal adapter when one
    /// is installed (unless <paramref name="baseModel"/>). Models are shared for the process: do not dispose them.
    /// </summary>
    /// <remarks>With <paramref name="deferred"/>, the sessions are created only when a tower is first used (see <see cref="IModelCache.GetDeferred"/>).</remarks>
    protected static IEmbeddingModel LoadModel(IServiceProvider services, string? requested, bool visual = false, bool baseModel = false, bool deferred = false)
    {
        var selection = services.GetRequiredService<IOptions<ModelSelectionOptions>>().Value;
        var name = requested;
        if (string.IsNullOrWhiteSpace(name))
        {
            name = visual && !string.IsNullOrWhiteSpace(selection.Visual) ? selection.Visual : selection.Active;
        }

        var cache = services.GetRequiredService<IModelCache>();
        return baseModel ? services.GetRequiredService<IModelLoader>().Load(name) : deferred ? cache.GetDeferred(name) : cache.Get(name);
    }
}
