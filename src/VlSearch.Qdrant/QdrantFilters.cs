using Qdrant.Client.Grpc;
using VlSearch.Core;
using static Qdrant.Client.Grpc.Conditions;

namespace VlSearch.Qdrant;

/// <summary>Translates <see cref="PhotoFilter"/> into a Qdrant filter of "must" conditions.</summary>
internal static class QdrantFilters
{
    public static Filter? ToFilter(PhotoFilter? filter)
    {
        if (filter is null || filter.IsEmpty)
        {
            return null;
        }

        var result = new Filter();
        if (filter.Libraries is not null)
        {
            result.Must.Add(Match(QdrantPayloads.Library, filter.Libraries));
        }

        if (filter.TakenFrom is not null || filter.TakenTo is not null)
        {
            var range = new global::Qdrant.Client.Grpc.Range();
            if (filter.TakenFrom is { } from)
            {
                range.Gte = QdrantPayloads.ToMilliseconds(from);
            }

            if (filter.TakenTo is { } to)
            {
                range.Lte = QdrantPayloads.ToMilliseconds(to);
            }

            result.Must.Add(Range(QdrantPayloads.TakenAt, range));
        }

        if (filter.Cameras is not null)
        {
            result.Must.Add(Match(QdrantPayloads.Camera, filter.Cameras));
        }

        if (filter.FileTypes is not null)
        {
            result.Must.Add(Match(QdrantPayloads.FileType, filter.FileTypes));
        }

        if (filter.Tags is not null)
        {
            // Every tag must be present: one condition per tag (a single list match would mean "any").
            foreach (var tag in filter.Tags)
            {
                result.Must.Add(MatchKeyword(QdrantPayloads.Tags, tag));
            }
        }

        if (filter.PathPrefix is { Length: > 0 } prefix)
        {
            result.Must.Add(MatchKeyword(QdrantPayloads.Dirs, FolderPrefix(prefix)));
        }

        return result;
    }

    /// <summary>The prefix as stored in <c>dirs</c>: always ending at a separator.</summary>
    private static string FolderPrefix(string prefix)
    {
        if (prefix.Length == 0 || prefix[^1] is '/' or '\\')
        {
            return prefix;
        }

        return prefix + (prefix.Contains('\\', StringComparison.Ordinal) && !prefix.Contains('/', StringComparison.Ordinal) ? '\\' : '/');
    }
}
