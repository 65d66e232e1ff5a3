using System.Text.Json;

namespace VlSearch.Search.Evaluation;

/// <summary>
/// Reads evaluation query files: a JSON object whose keys are query texts and whose values are either an array of
/// relevant image paths (each gain 1), as <c>vlsearch generate</c> writes them, or an object of path → gain
/// (graded relevance). Paths are relative to the library root, the query file's folder by default.
/// </summary>
public static class RelevanceJudgments
{
    /// <summary>Reads <paramref name="path"/>; queries come back in file order.</summary>
    /// <exception cref="InvalidDataException">The file is not such a JSON object, or a query has no relevant photo or a gain that is not a positive number.</exception>
    public static IReadOnlyList<JudgedQuery> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses the JSON text of a query file (see <see cref="Load"/>).</summary>
    public static IReadOnlyList<JudgedQuery> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("expected a JSON object of query → relevant image paths.");
            }

            var queries = new List<JudgedQuery>();
            foreach (var query in document.RootElement.EnumerateObject())
            {
                if (string.IsNullOrWhiteSpace(query.Name))
                {
                    throw new InvalidDataException("a query text is empty.");
                }

                var gains = ReadGains(query);
                if (gains.Count == 0)
                {
                    throw new InvalidDataException($"the query '{query.Name}' lists no relevant image.");
                }

                queries.Add(new JudgedQuery(query.Name, gains));
            }

            return queries;
        }
    }

    /// <summary>A relative path as the judgments spell it: '/' separators, no leading "./".</summary>
    public static string Normalize(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path;
    }

    private static Dictionary<string, double> ReadGains(JsonProperty query)
    {
        var gains = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (query.Value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in query.Value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                    {
                        throw new InvalidDataException($"the query '{query.Name}' has a relevant image that is not a path.");
                    }

                    gains[Normalize(item.GetString()!)] = 1;
                }

                break;
            case JsonValueKind.Object:
                foreach (var item in query.Value.EnumerateObject())
                {
                    if (item.Value.ValueKind != JsonValueKind.Number || !item.Value.TryGetDouble(out var gain) || !(gain > 0) || double.IsInfinity(gain))
                    {
                        throw new InvalidDataException($"the query '{query.Name}' gives '{item.Name}' a gain that is not a positive number.");
                    }

                    gains[Normalize(item.Name)] = gain;
                }

                break;
            default:
                throw new InvalidDataException($"the query '{query.Name}' needs an array of image paths or an object of path → gain.");
        }

        return gains;
    }
}
