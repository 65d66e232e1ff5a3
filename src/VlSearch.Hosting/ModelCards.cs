using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using VlSearch.Core;
using VlSearch.ModelHub;

namespace VlSearch.Hosting;

/// <summary>
/// Remembers, per model folder and its files' sizes and times, the <see cref="ModelCard"/> read when the model was last
/// loaded, in <c>&lt;data&gt;/cache/model-cards.json</c>. Creating the ONNX sessions of a large model takes seconds;
/// with its card, a command that finds nothing to encode (re-indexing an unchanged library) never creates them.
/// </summary>
public sealed class ModelCards(ModelResolver resolver, InferenceOptions inference, VlSearchPaths paths)
{
    private readonly Lock gate = new();

    private string FilePath => Path.Combine(paths.Root, "cache", "model-cards.json");

    /// <summary>
    /// A key that changes whenever what the model loads from changes: its folder, every file's size and time, the
    /// ONNX variant; a built-in model by name and build. Null when the name does not resolve (loading will say why).
    /// </summary>
    public string? Fingerprint(string nameOrDirectory)
    {
        ModelLocation location;
        try
        {
            location = resolver.Locate(nameOrDirectory);
        }
        catch (ModelLoadException)
        {
            return null;
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{location.Kind}|{inference.Variant}|");
        if (location.BuiltIn is { } builtIn)
        {
            text.Append(builtIn.Name).Append('|').Append(builtIn.GetType().Assembly.ManifestModule.ModuleVersionId);
        }
        else
        {
            var folder = Path.GetFullPath(location.Directory!);
            text.Append(folder);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                text.Append(CultureInfo.InvariantCulture, $"|{Path.GetRelativePath(folder, file)}:{info.Length}:{info.LastWriteTimeUtc.Ticks}");
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The card remembered for <paramref name="fingerprint"/>, or null.</summary>
    public ModelCard? Find(string fingerprint) => ReadAll().GetValueOrDefault(fingerprint);

    /// <summary>Remembers <paramref name="card"/>; a cache, so a failure to write is not an error.</summary>
    public void Remember(string fingerprint, ModelCard card)
    {
        lock (gate)
        {
            var cards = ReadAll();
            if (cards.TryGetValue(fingerprint, out var known) && known == card)
            {
                return;
            }

            cards[fingerprint] = card;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                var temporary = FilePath + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
                File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(cards, ModelCardJson.Default.DictionaryStringModelCard));
                File.Move(temporary, FilePath, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Without the card the next command loads the model, as it did before cards existed.
            }
        }
    }

    private Dictionary<string, ModelCard> ReadAll()
    {
        try
        {
            return File.Exists(FilePath)
                ? JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), ModelCardJson.Default.DictionaryStringModelCard) ?? []
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return [];
        }
    }
}
