using System.Text;
using System.Xml;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Iptc;

namespace VlSearch.Imaging;

/// <summary>
/// Words people wrote into their files: lens, keywords and descriptions from EXIF, IPTC and XMP. Everything here is
/// untrusted text from the file, so it is bounded (count and length) and XML is read without DTDs or entities.
/// </summary>
internal static class EmbeddedText
{
    /// <summary>Most keywords kept per photo; real files carry tens, not thousands.</summary>
    public const int MaxKeywords = 200;

    /// <summary>Longest keyword kept; longer entries are cut here.</summary>
    public const int MaxKeywordLength = 100;

    /// <summary>Longest description kept.</summary>
    public const int MaxDescriptionLength = 4000;

    /// <summary>Largest XMP packet read; a larger one is ignored rather than parsed.</summary>
    public const int MaxXmpBytes = 1024 * 1024;

    private const string DublinCore = "http://purl.org/dc/elements/1.1/";
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    /// <summary>"LensMake LensModel", without repeating a make the model already starts with.</summary>
    public static string? Lens(ExifProfile? exif)
    {
        var model = Clean(exif?.GetValue(ExifTag.LensModel)?.Value);
        var make = Clean(exif?.GetValue(ExifTag.LensMake)?.Value);
        if (model is null)
        {
            return make;
        }

        return make is null || model.StartsWith(make, StringComparison.OrdinalIgnoreCase) ? model : $"{make} {model}";
    }

    /// <summary>XMP dc:subject entries, then IPTC Keywords, in order, without repeats (case-insensitive).</summary>
    public static IReadOnlyList<string> Keywords(ImageMetadata metadata, XmpText? xmp)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keywords = new List<string>();
        var iptc = metadata.IptcProfile?.GetValues(IptcTag.Keywords).Select(v => v.Value) ?? [];
        foreach (var candidate in (xmp?.Subjects ?? []).Concat(iptc))
        {
            if (keywords.Count >= MaxKeywords)
            {
                break;
            }

            if (Clean(candidate) is { } keyword)
            {
                keyword = Cut(keyword, MaxKeywordLength);
                if (seen.Add(keyword))
                {
                    keywords.Add(keyword);
                }
            }
        }

        return keywords;
    }

    /// <summary>The first description found: XMP dc:description, IPTC caption, EXIF ImageDescription.</summary>
    public static string? Description(ImageMetadata metadata, XmpText? xmp)
    {
        var text = Clean(xmp?.Description)
            ?? Clean(metadata.IptcProfile?.GetValues(IptcTag.Caption).Select(v => v.Value).FirstOrDefault())
            ?? Clean(metadata.ExifProfile?.GetValue(ExifTag.ImageDescription)?.Value);
        return text is null ? null : Cut(text, MaxDescriptionLength);
    }

    /// <summary>Reads dc:subject and dc:description from an XMP packet; null when there is none or it is not valid XML.</summary>
    public static XmpText? ReadXmp(byte[]? packet)
    {
        if (packet is null || packet.Length == 0 || packet.Length > MaxXmpBytes)
        {
            return null;
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxXmpBytes * 4L,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        var subjects = new List<string>();
        string? description = null;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(packet, writable: false), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != DublinCore)
                {
                    continue;
                }

                if (reader.LocalName == "subject")
                {
                    subjects.AddRange(ListItems(reader));
                }
                else if (reader.LocalName == "description" && description is null)
                {
                    description = ListItems(reader).FirstOrDefault();
                }
            }
        }
        catch (XmlException)
        {
            // A broken packet is common in edited files; the photo is still indexed, without its XMP words.
            return subjects.Count > 0 || description is not null ? new XmpText(subjects, description) : null;
        }

        return new XmpText(subjects, description);
    }

    /// <summary>The text of each rdf:li below the current element (a Bag, Seq or Alt); the element's own text when it has no list.</summary>
    private static List<string> ListItems(XmlReader reader)
    {
        var items = new List<string>();
        if (reader.IsEmptyElement)
        {
            return items;
        }

        var depth = reader.Depth;
        var own = new StringBuilder();
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Rdf && reader.LocalName == "li")
            {
                // Leaves the reader on the node after the item, which may be the next item: no extra Read here.
                items.Add(reader.ReadElementContentAsString());
                continue;
            }

            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && reader.Depth == depth + 1)
            {
                own.Append(reader.Value);
            }

            reader.Read();
        }

        if (items.Count == 0 && own.Length > 0)
        {
            items.Add(own.ToString());
        }

        return items;
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length].TrimEnd();

    private static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        // Keep letters, digits, punctuation and spaces; control characters (NULs padding EXIF strings) become spaces.
        var cleaned = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            cleaned.Append(char.IsControl(c) ? ' ' : c);
        }

        var trimmed = string.Join(' ', cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return trimmed.Length == 0 ? null : trimmed;
    }
}
