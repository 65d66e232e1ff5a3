using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace VlSearch.Web.Api;

/// <summary>Opaque page cursors: the offset of the next page, base64url-encoded so clients do not build them.</summary>
public static class SearchCursor
{
    private const string Prefix = "o1:";

    /// <summary>Largest offset a cursor may carry; deeper pages are not useful for similarity search.</summary>
    public const int MaxOffset = 10_000;

    public static string Encode(int offset) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Reads a cursor; an empty one means the first page.</summary>
    public static bool TryDecode(string? cursor, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > 64 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset)
            && offset <= MaxOffset;
    }
}
