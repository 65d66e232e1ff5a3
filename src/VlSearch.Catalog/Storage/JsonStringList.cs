using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace VlSearch.Catalog.Storage;

/// <summary>Stores a <see cref="List{T}"/> of strings as a JSON array in a text column, the same on every provider.</summary>
internal static class JsonStringList
{
    public static ValueConverter<List<string>, string> Converter { get; } = new(
        v => Serialize(v),
        v => Deserialize(v));

    /// <summary>Lists are mutable: compare by content and snapshot by copy so in-place edits are saved.</summary>
    public static ValueComparer<List<string>> Comparer { get; } = new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        v => Hash(v),
        v => new List<string>(v));

    public static string Serialize(List<string>? value) => JsonSerializer.Serialize(value ?? [], CatalogJsonContext.Default.ListString);

    public static List<string> Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, CatalogJsonContext.Default.ListString) ?? [];

    public static int Hash(List<string> value)
    {
        var hash = new HashCode();
        foreach (var item in value)
        {
            hash.Add(item, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
