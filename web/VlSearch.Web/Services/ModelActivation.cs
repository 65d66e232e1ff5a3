using VlSearch.Jobs.Admin;
using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>
/// Switches the active model and, so that searching with it finds the library, queues the embedding of whatever it
/// has no vectors for yet. Other models keep their vectors: switching back costs nothing.
/// </summary>
public sealed class ModelActivation(ActiveModel model, IJobBackend jobs, LibraryAdmin libraries)
{
    /// <exception cref="Core.ModelLoadException">The model cannot be loaded.</exception>
    /// <exception cref="ArgumentException">The model cannot serve text searches.</exception>
    /// <exception cref="InvalidDataException">The settings file cannot be updated.</exception>
    public async Task<ActiveModelChange> ActivateAsync(string name, bool index, CancellationToken cancellationToken)
    {
        var loaded = model.Switch(name);
        JobInfo? job = null;
        if (index && await libraries.AnyAsync(cancellationToken))
        {
            try
            {
                job = await jobs.StartAsync(JobKinds.ReindexMissing, [], cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // A job of the same library and model is already running; it leaves nothing to add.
            }
        }

        return new ActiveModelChange(model.Name, loaded.Id, job);
    }
}
