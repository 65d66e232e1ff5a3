using System.Text;

namespace VlSearch.Core;

/// <summary>Maps model ids to collection names that are safe as file names and remote identifiers.</summary>
public static class CollectionNames
{
    public static string ForModel(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var builder = new StringBuilder("vlsearch_");
        foreach (var c in modelId.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return builder.ToString();
    }
}
