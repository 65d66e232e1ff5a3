using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VlSearch.Search.Duplicates;

/// <summary>
/// The two export formats of duplicate groups, shared by the CLI, the API and the admin page. JSON:
/// <c>{"groups": [{"keep": "&lt;path&gt;", "photos": [{"path": "&lt;path&gt;", "score": 0.97}]}]}</c>, the keeper
/// first in its photos with score 1. CSV: one row per photo, <c>group,keep,path,score,width,height</c>.
/// </summary>
public static class DuplicateExport
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The groups in the documented JSON shape.</summary>
    public static DuplicateDocument ToDocument(IEnumerable<DuplicateGroup> groups) =>
        new([.. groups.Select(g => new DuplicateDocumentGroup(g.Keep.Path, [.. g.Members.Select(m => new DuplicateDocumentPhoto(m.Photo.Path, m.Score))]))]);

    /// <summary>The groups as indented JSON.</summary>
    public static string ToJson(IEnumerable<DuplicateGroup> groups) => JsonSerializer.Serialize(ToDocument(groups), JsonOptions);

    /// <summary>The groups as CSV (RFC 4180 quoting), with a header row; groups are numbered from 1.</summary>
    public static string ToCsv(IEnumerable<DuplicateGroup> groups)
    {
        var csv = new StringBuilder("group,keep,path,score,width,height\n");
        var number = 0;
        foreach (var group in groups)
        {
            number++;
            foreach (var member in group.Members)
            {
                csv.Append(number.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(member.Photo.Id == group.Keep.Id ? "yes" : "no").Append(',')
                    .Append(Quote(member.Photo.Path)).Append(',')
                    .Append(member.Score.ToString("0.####", CultureInfo.InvariantCulture)).Append(',')
                    .Append(member.Photo.Width.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(member.Photo.Height.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return csv.ToString();
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
