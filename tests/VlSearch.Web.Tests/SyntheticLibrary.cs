using System.Text.Json;
using VlSearch.Testing;

namespace VlSearch.Web.Tests;

/// <summary>A few images of the synthetic test split, copied into a library folder, with their captions.</summary>
public sealed class SyntheticLibrary
{
    private sealed record Captioned(string File, string Caption);

    public SyntheticLibrary(string folder, int count, int skip = 0)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        var split = RepositoryPaths.Combine("samples", "synthetic-test");
        var captions = JsonSerializer.Deserialize<List<Captioned>>(
            File.ReadAllText(Path.Combine(split, "captions.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        foreach (var item in captions.Skip(skip).Take(count))
        {
            var target = Path.Combine(folder, item.File);
            File.Copy(Path.Combine(split, item.File), target, overwrite: true);
            Captions[target] = item.Caption;
        }
    }

    public string Folder { get; }

    /// <summary>Absolute path of each copied image → the caption that describes it.</summary>
    public Dictionary<string, string> Captions { get; } = [];
}
