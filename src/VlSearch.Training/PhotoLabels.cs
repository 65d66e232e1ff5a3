using System.Text;
using System.Text.RegularExpressions;

namespace VlSearch.Training;

/// <summary>
/// Finds the label of each photo in a folder tree, first match wins: a sidecar caption (<c>photo.txt</c> or
/// <c>photo.jpg.txt</c>), XMP <c>dc:subject</c> keywords (sidecar <c>photo.xmp</c>/<c>photo.jpg.xmp</c>, or an XMP
/// packet inside the file), else the name of the photo's folder (underscores and dashes read as spaces). Photos
/// directly in the root folder without a caption or keywords are skipped.
/// </summary>
public static partial class PhotoLabels
{
    private const int EmbeddedXmpScanBytes = 256 * 1024;

    public static IReadOnlyList<LabelledPhoto> Read(string root, IReadOnlySet<string> extensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(extensions);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Folder not found: {root}");
        }

        var full = Path.GetFullPath(root);
        var photos = new List<LabelledPhoto>();
        foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!extensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
            {
                continue;
            }

            var label = Caption(file) ?? Keywords(file) ?? FolderLabel(full, file);
            if (!string.IsNullOrWhiteSpace(label))
            {
                photos.Add(new LabelledPhoto(file, label.Trim()));
            }
        }

        return photos;
    }

    private static string? Caption(string file)
    {
        foreach (var sidecar in new[] { Path.ChangeExtension(file, ".txt"), file + ".txt" })
        {
            if (File.Exists(sidecar))
            {
                var text = File.ReadAllText(sidecar).Trim();
                if (text.Length > 0)
                {
                    return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }

        return null;
    }

    private static string? Keywords(string file)
    {
        foreach (var sidecar in new[] { Path.ChangeExtension(file, ".xmp"), file + ".xmp" })
        {
            if (File.Exists(sidecar) && SubjectKeywords(File.ReadAllText(sidecar)) is { } keywords)
            {
                return keywords;
            }
        }

        using var stream = File.OpenRead(file);
        var buffer = new byte[(int)Math.Min(stream.Length, EmbeddedXmpScanBytes)];
        stream.ReadExactly(buffer);
        var text = Encoding.UTF8.GetString(buffer);
        var start = text.IndexOf("<x:xmpmeta", StringComparison.Ordinal);
        return start < 0 ? null : SubjectKeywords(text[start..]);
    }

    /// <summary>The rdf:li entries of dc:subject, joined with ", ".</summary>
    internal static string? SubjectKeywords(string xmp)
    {
        var subject = SubjectPattern().Match(xmp);
        if (!subject.Success)
        {
            return null;
        }

        var items = ItemPattern().Matches(subject.Groups[1].Value)
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim())
            .Where(k => k.Length > 0)
            .ToList();
        return items.Count == 0 ? null : string.Join(", ", items);
    }

    private static string? FolderLabel(string root, string file)
    {
        var folder = Path.GetDirectoryName(file)!;
        if (string.Equals(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            return null;
        }

        return Path.GetFileName(folder).Replace('_', ' ').Replace('-', ' ');
    }

    [GeneratedRegex(@"<dc:subject>(.*?)</dc:subject>", RegexOptions.Singleline)]
    private static partial Regex SubjectPattern();

    [GeneratedRegex(@"<rdf:li[^>]*>(.*?)</rdf:li>", RegexOptions.Singleline)]
    private static partial Regex ItemPattern();
}
