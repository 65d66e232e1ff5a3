using Qdrant.Client.Grpc;
using VlSearch.Core;
using static Qdrant.Client.Grpc.Conditions;

namespace VlSearch.Qdrant;

/// <summary>
/// Translates <see cref="PhotoFilter"/> into a Qdrant filter of "must" conditions with the semantics documented on
/// <see cref="PhotoFilter"/>: values are encoded by <see cref="PhotoFilterRules"/> exactly as
/// <see cref="QdrantPayloads"/> stores them, so Qdrant's exact keyword match and integer range give the same answer
/// as <see cref="PhotoFilter.Matches"/>.
/// </summary>
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
                range.Gte = PhotoFilterRules.ToMilliseconds(from);
            }

            if (filter.TakenTo is { } to)
            {
                range.Lte = PhotoFilterRules.ToMilliseconds(to);
            }

            result.Must.Add(Range(QdrantPayloads.TakenAt, range));
        }

        if (filter.Cameras is not null)
        {
            result.Must.Add(MatchFolded(QdrantPayloads.CameraFolded, QdrantPayloads.Camera, filter.Cameras));
        }

        if (filter.FileTypes is not null)
        {
            result.Must.Add(MatchFolded(QdrantPayloads.FileTypeFolded, QdrantPayloads.FileType, filter.FileTypes));
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
            result.Must.Add(MatchKeyword(QdrantPayloads.Dirs, PhotoFilterRules.FolderPrefix(prefix)));
        }

        return result;
    }

    /// <summary>
    /// A case-insensitive match on the folded copy of a field. Points written before the folded copies existed only
    /// have the field as given; for them an exact match still holds, which the folded match always implies.
    /// </summary>
    private static Condition MatchFolded(string foldedField, string field, IReadOnlyList<string> values)
    {
        var either = new Filter();
        either.Should.Add(Match(foldedField, values.Select(PhotoFilterRules.FoldCase).Distinct(StringComparer.Ordinal).ToList()));
        either.Should.Add(Match(field, values));
        return new Condition { Filter = either };
    }
}
