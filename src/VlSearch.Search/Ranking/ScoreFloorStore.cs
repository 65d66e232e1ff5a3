using System.Collections.Concurrent;
using System.Text.Json;

namespace VlSearch.Search.Ranking;

/// <summary>
/// Calibrated floors by collection, kept in memory and, when a folder is given, in <c>score-floors.json</c> there so
/// a new process does not measure again.
/// </summary>
public sealed class ScoreFloorStore(string? directory)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly ConcurrentDictionary<string, ScoreFloor> floors = new(StringComparer.Ordinal);
    private readonly Lock fileLock = new();
    private bool loaded;

    /// <summary>The file the floors are saved in, or null when kept in memory only.</summary>
    public string? FilePath { get; } = directory is null ? null : Path.Combine(directory, "score-floors.json");

    /// <summary>The stored floor of <paramref name="collection"/>, or null.</summary>
    public ScoreFloor? Get(string collection)
    {
        Load();
        return floors.GetValueOrDefault(collection);
    }

    /// <summary>Stores (replaces) a floor and saves the file.</summary>
    public void Save(ScoreFloor floor)
    {
        ArgumentNullException.ThrowIfNull(floor);
        Load();
        floors[floor.Collection] = floor;
        if (FilePath is null)
        {
            return;
        }

        lock (fileLock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var temp = FilePath + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(floors.Values.OrderBy(f => f.Collection, StringComparer.Ordinal).ToList(), Json));
            File.Move(temp, FilePath, overwrite: true);
        }
    }

    private void Load()
    {
        if (loaded || FilePath is null)
        {
            return;
        }

        lock (fileLock)
        {
            if (loaded)
            {
                return;
            }

            try
            {
                if (File.Exists(FilePath))
                {
                    foreach (var floor in JsonSerializer.Deserialize<List<ScoreFloor>>(File.ReadAllText(FilePath), Json) ?? [])
                    {
                        floors.TryAdd(floor.Collection, floor);
                    }
                }
            }
            catch (JsonException)
            {
                // A damaged cache file only costs a new measurement.
            }

            loaded = true;
        }
    }
}
