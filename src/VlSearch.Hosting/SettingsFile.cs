using System.Text.Json;
using System.Text.Json.Nodes;

namespace VlSearch.Hosting;

/// <summary>
/// Writes single settings into <c>&lt;data&gt;/vlsearch.json</c>, keeping everything else in the file, so a choice made
/// at run time (the active model) survives a restart. Environment variables still take precedence over the file.
/// A new file is readable by its owner only; a rewrite keeps the file's mode (see <see cref="PrivateFile"/>).
/// </summary>
public static class SettingsFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly Lock Gate = new();

    /// <summary>Sets <c>section:key</c> to <paramref name="value"/>.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a JSON object.</exception>
    public static void Set(string dataDirectory, string section, string key, string value)
    {
        var path = Path.Combine(dataDirectory, VlSearchHost.SettingsFileName);
        lock (Gate)
        {
            JsonObject root;
            if (File.Exists(path))
            {
                try
                {
                    root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                        ?? throw new InvalidDataException($"{path} does not hold a JSON object.");
                }
                catch (JsonException e)
                {
                    // Rewriting would lose what the user wrote; they fix the file, then try again.
                    throw new InvalidDataException($"{path} is not valid JSON ({e.Message}); fix it and try again.", e);
                }
            }
            else
            {
                root = [];
            }

            if (root[section] is not JsonObject target)
            {
                target = [];
                root[section] = target;
            }

            target[key] = value;
            DataDirectory.Create(dataDirectory);
            PrivateFile.WriteAllText(path, root.ToJsonString(Indented));
        }
    }
}
