using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// The labels zero-shot tagging scores photos against: the list shipped with the project (over 1,500 everyday
/// objects, scenes, activities, events, colours and shapes) plus an admin's overlay in the data folder
/// (<see cref="OverlayFileName"/>: labels added, labels removed). Labels are in <see cref="TagLabels"/> form.
/// </summary>
public sealed class TagVocabulary
{
    /// <summary>File name of the overlay, in the data folder's <c>tags</c> folder.</summary>
    public const string OverlayFileName = "vocabulary.json";

    private static readonly Lazy<IReadOnlyList<string>> Shipped = new(LoadShipped);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private TagVocabulary(IReadOnlyList<string> labels, IReadOnlyList<string> added, IReadOnlyList<string> removed)
    {
        Labels = labels;
        Added = added;
        Removed = removed;
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', labels))))[..16];
    }

    /// <summary>The labels in effect, shipped ones first (file order), then added ones.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Labels the overlay adds.</summary>
    public IReadOnlyList<string> Added { get; }

    /// <summary>Shipped labels the overlay removes.</summary>
    public IReadOnlyList<string> Removed { get; }

    /// <summary>Short hash of <see cref="Labels"/>: label embedding caches and the stage's fingerprint follow it.</summary>
    public string Hash { get; }

    /// <summary>The labels shipped with the project.</summary>
    public static IReadOnlyList<string> ShippedLabels => Shipped.Value;

    /// <summary>The overlay file of a data folder.</summary>
    public static string OverlayPath(string dataDirectory) => Path.Combine(dataDirectory, "tags", OverlayFileName);

    /// <summary>The shipped labels with the overlay at <paramref name="overlayPath"/> applied (none when the file is absent).</summary>
    /// <exception cref="InvalidDataException">The overlay is not valid JSON of the expected shape.</exception>
    public static TagVocabulary Load(string? overlayPath)
    {
        var overlay = ReadOverlay(overlayPath);
        var removed = overlay.Removed.ToHashSet(StringComparer.Ordinal);
        var labels = Shipped.Value.Where(l => !removed.Contains(l)).ToList();
        var present = labels.ToHashSet(StringComparer.Ordinal);
        labels.AddRange(overlay.Added.Where(l => !removed.Contains(l) && present.Add(l)));
        return new TagVocabulary(labels, overlay.Added, overlay.Removed);
    }

    /// <summary>Only the shipped labels, or a given list (tests, evaluations).</summary>
    public static TagVocabulary Of(IEnumerable<string>? labels = null)
    {
        var list = labels is null ? Shipped.Value : [.. labels.Select(TagLabels.Normalize).Distinct(StringComparer.Ordinal)];
        return new TagVocabulary(list, [], []);
    }

    /// <summary>Adds labels to the overlay (a removed shipped label comes back); returns the vocabulary now in effect.</summary>
    /// <exception cref="ArgumentException">A label has no normal form.</exception>
    public static TagVocabulary Add(string overlayPath, IEnumerable<string> labels)
    {
        var normal = labels.Select(TagLabels.Normalize).ToList();
        var overlay = ReadOverlay(overlayPath);
        var shipped = Shipped.Value.ToHashSet(StringComparer.Ordinal);
        var removed = overlay.Removed.Except(normal, StringComparer.Ordinal).ToList();
        var added = overlay.Added.Concat(normal.Where(l => !shipped.Contains(l))).Distinct(StringComparer.Ordinal).ToList();
        WriteOverlay(overlayPath, new Overlay(added, removed));
        return Load(overlayPath);
    }

    /// <summary>Removes labels (shipped ones are remembered as removed); returns the vocabulary now in effect.</summary>
    /// <exception cref="ArgumentException">A label has no normal form.</exception>
    public static TagVocabulary Remove(string overlayPath, IEnumerable<string> labels)
    {
        var normal = labels.Select(TagLabels.Normalize).ToList();
        var overlay = ReadOverlay(overlayPath);
        var shipped = Shipped.Value.ToHashSet(StringComparer.Ordinal);
        var added = overlay.Added.Except(normal, StringComparer.Ordinal).ToList();
        var removed = overlay.Removed.Concat(normal.Where(shipped.Contains)).Distinct(StringComparer.Ordinal).ToList();
        WriteOverlay(overlayPath, new Overlay(added, removed));
        return Load(overlayPath);
    }

    private static Overlay ReadOverlay(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return new Overlay([], []);
        }

        try
        {
            var overlay = JsonSerializer.Deserialize<Overlay>(File.ReadAllText(path), Json) ?? new Overlay([], []);
            return new Overlay(
                [.. (overlay.Added ?? []).Where(l => TagLabels.TryNormalize(l, out _)).Select(TagLabels.Normalize)],
                [.. (overlay.Removed ?? []).Where(l => TagLabels.TryNormalize(l, out _)).Select(TagLabels.Normalize)]);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The tag vocabulary overlay {path} is not valid JSON ({e.Message}).", e);
        }
    }

    private static void WriteOverlay(string path, Overlay overlay)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(overlay, Json) + "\n", new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    private static List<string> LoadShipped()
    {
        using var stream = typeof(TagVocabulary).Assembly.GetManifestResourceStream("VlSearch.Indexing.Enrichment.tag-vocabulary.txt")
            ?? throw new InvalidOperationException("The shipped tag vocabulary is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var labels = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var text = line.Trim();
            if (text.Length > 0 && !text.StartsWith('#') && TagLabels.TryNormalize(text, out var label) && seen.Add(label))
            {
                labels.Add(label);
            }
        }

        return labels;
    }

    private sealed record Overlay(List<string> Added, List<string> Removed);
}
