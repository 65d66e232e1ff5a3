using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;
using VlSearch.Core;

namespace VlSearch.Qdrant;

/// <summary>
/// Maps <see cref="PhotoPayload"/> to Qdrant payload fields and back. <c>taken_at</c> is stored as integer
/// milliseconds since 1970 of the wall-clock time (exact in Qdrant's double ranges); <c>dirs</c> lists every
/// folder prefix of the path because Qdrant keyword indexes have no prefix match; camera and file type are stored
/// twice, as given (read back) and case-folded (filtered on), because Qdrant keyword matches are exact. All three
/// encodings follow <see cref="PhotoFilterRules"/>, the rules the embedded index evaluates in process.
/// </summary>
internal static class QdrantPayloads
{
    public const string Path = "path";
    public const string Dirs = "dirs";
    public const string Library = "library";
    public const string TakenAt = "taken_at";
    public const string Camera = "camera";
    public const string FileType = "file_type";
    public const string CameraFolded = "camera_folded";
    public const string FileTypeFolded = "file_type_folded";
    public const string Tags = "tags";
    public const string Caption = "caption";

    /// <summary>Indexed fields and their schema; every field a <see cref="PhotoFilter"/> can touch.</summary>
    public static readonly IReadOnlyList<(string Field, PayloadSchemaType Type)> IndexedFields =
    [
        (Library, PayloadSchemaType.Keyword),
        (TakenAt, PayloadSchemaType.Integer),
        (Camera, PayloadSchemaType.Keyword),
        (FileType, PayloadSchemaType.Keyword),
        (CameraFolded, PayloadSchemaType.Keyword),
        (FileTypeFolded, PayloadSchemaType.Keyword),
        (Tags, PayloadSchemaType.Keyword),
        (Path, PayloadSchemaType.Keyword),
        (Dirs, PayloadSchemaType.Keyword),
    ];

    public static void Write(PhotoPayload payload, MapField<string, Value> fields)
    {
        fields[Path] = payload.Path;
        fields[Dirs] = PhotoFilterRules.FoldersOf(payload.Path).ToArray();
        SetIfPresent(fields, Library, payload.Library);
        if (payload.TakenAt is { } takenAt)
        {
            fields[TakenAt] = PhotoFilterRules.ToMilliseconds(takenAt);
        }

        SetIfPresent(fields, Camera, payload.Camera);
        SetIfPresent(fields, CameraFolded, payload.Camera is null ? null : PhotoFilterRules.FoldCase(payload.Camera));
        SetIfPresent(fields, FileType, payload.FileType);
        SetIfPresent(fields, FileTypeFolded, payload.FileType is null ? null : PhotoFilterRules.FoldCase(payload.FileType));
        fields[Tags] = payload.Tags.ToArray();
        SetIfPresent(fields, Caption, payload.Caption);
    }

    public static PhotoPayload Read(MapField<string, Value> fields) => new()
    {
        Path = String(fields, Path) ?? "",
        Library = String(fields, Library),
        TakenAt = fields.TryGetValue(TakenAt, out var taken) && taken.KindCase == Value.KindOneofCase.IntegerValue
            ? FromMilliseconds(taken.IntegerValue)
            : null,
        Camera = String(fields, Camera),
        FileType = String(fields, FileType),
        Tags = fields.TryGetValue(Tags, out var tags) && tags.KindCase == Value.KindOneofCase.ListValue
            ? tags.ListValue.Values.Select(v => v.StringValue).ToArray()
            : [],
        Caption = String(fields, Caption),
    };

    private static DateTime FromMilliseconds(long milliseconds) =>
        new(DateTime.UnixEpoch.Ticks + (milliseconds * TimeSpan.TicksPerMillisecond), DateTimeKind.Unspecified);

    private static void SetIfPresent(MapField<string, Value> fields, string key, string? value)
    {
        if (value is not null)
        {
            fields[key] = value;
        }
    }

    private static string? String(MapField<string, Value> fields, string key) =>
        fields.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue : null;
}
