using System.Text.Json;

namespace VlSearch.ModelHub;

/// <summary>The models <c>vlsearch models pull</c> knows by name, read from the embedded <c>known-models.json</c>.</summary>
public sealed class KnownModelCatalog
{
    private static readonly Lazy<KnownModelCatalog> BuiltIn = new(LoadEmbedded);

    public KnownModelCatalog(IEnumerable<KnownModel> models, string defaultTextModel)
    {
        Models = models.ToList();
        DefaultTextModel = defaultTextModel;
        var overclaimed = Models.FirstOrDefault(m => m.PinVerified && !m.IsFullyPinned);
        if (overclaimed is not null)
        {
            throw new ArgumentException(
                $"'{overclaimed.Name}' says its pin is verified but lacks a commit revision or a file's size or SHA-256.", nameof(models));
        }

        var duplicate = Models.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The catalog lists '{duplicate.Key}' twice.", nameof(models));
        }
    }

    /// <summary>The catalog shipped in this assembly.</summary>
    public static KnownModelCatalog Default => BuiltIn.Value;

    public IReadOnlyList<KnownModel> Models { get; }

    /// <summary>The model used for text search when none is configured.</summary>
    public string DefaultTextModel { get; }

    public KnownModel? Find(string name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a catalog in the <c>known-models.json</c> shape.</summary>
    public static KnownModelCatalog Parse(Stream json)
    {
        var document = JsonSerializer.Deserialize(json, KnownModelJson.Default.CatalogDocument)
            ?? throw new InvalidDataException("The model catalog is empty.");
        return new KnownModelCatalog(document.Models, document.DefaultTextModel);
    }

    private static KnownModelCatalog LoadEmbedded()
    {
        using var stream = typeof(KnownModelCatalog).Assembly.GetManifestResourceStream("VlSearch.ModelHub.known-models.json")
            ?? throw new InvalidOperationException("The embedded model catalog is missing from the assembly.");
        return Parse(stream);
    }

    /// <summary>The file's shape.</summary>
    internal sealed record CatalogDocument(string DefaultTextModel, List<KnownModel> Models);
}
