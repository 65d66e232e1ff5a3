namespace VlSearch.Jobs;

/// <summary>Appends one line per successful encode (<c>model TAB path</c>) to a file no other process writes.</summary>
internal sealed class EncodeLog(string? path)
{
    // One lock for the process: FileMode.Append seeks to the end once at open, so two writers appending at the same
    // time would overwrite each other's lines.
    private static readonly Lock Gate = new();

    public Action<IReadOnlyList<string>>? For(string model)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        return paths =>
        {
            lock (Gate)
            {
                // Flushed per call so a killed worker's log holds every encode that happened before the kill.
                File.AppendAllLines(path, paths.Select(p => model + "\t" + p));
            }
        };
    }
}
