using System.Text;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;

namespace VlSearch.Indexing;

/// <summary>What the keyword index stores for a photo: its catalog fields, its place in the library and its sidecar caption.</summary>
public static class KeywordDocuments
{
    /// <summary>Most characters read from a sidecar caption; a caption is a sentence or a paragraph, not a file dump.</summary>
    public const int MaxSidecarChars = 16 * 1024;

    /// <summary>The document of <paramref name="photo"/>, which belongs to <paramref name="library"/>; reads its sidecar caption from disk.</summary>
    public static KeywordDocument For(Photo photo, Library library)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(library);
        return new KeywordDocument(photo.Id)
        {
            Name = KeywordTokenizer.ToIndexText(Path.GetFileName(photo.Path)),
            Folders = KeywordTokenizer.ToIndexText(FoldersBelowRoot(photo.Path, library.RootPath)),
            Library = KeywordTokenizer.ToIndexText(library.Name),
            Camera = KeywordTokenizer.ToIndexText($"{photo.CameraMake} {photo.CameraModel} {photo.Lens}"),
            Tags = KeywordTokenizer.ToIndexText(string.Join(' ', photo.Tags.Concat(photo.Keywords))),
            Caption = KeywordTokenizer.ToIndexText($"{photo.Caption} {photo.Description}"),
            Sidecar = KeywordTokenizer.ToIndexText(ReadSidecar(photo.Path)),
        };
    }

    /// <summary>The folder names between <paramref name="root"/> and the file, space separated; empty outside the root.</summary>
    public static string FoldersBelowRoot(string path, string root)
    {
        var folder = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(folder))
        {
            return "";
        }

        var relative = Path.GetRelativePath(root, folder);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return "";
        }

        return relative.Replace(Path.DirectorySeparatorChar, ' ').Replace(Path.AltDirectorySeparatorChar, ' ');
    }

    /// <summary>
    /// Whether a caption file beside the photo was written after <paramref name="sinceUtc"/> (added or edited while the
    /// photo itself stayed the same). A removed caption is not seen here; rebuilding the keyword index drops its words.
    /// </summary>
    public static bool SidecarChangedSince(string photoPath, DateTime sinceUtc)
    {
        foreach (var candidate in new[] { Path.ChangeExtension(photoPath, ".txt"), photoPath + ".txt" })
        {
            var info = new FileInfo(candidate);
            if (info.Exists && info.LastWriteTimeUtc > sinceUtc)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The caption beside a photo: <c>photo.txt</c> or <c>photo.jpg.txt</c>, first found, at most
    /// <see cref="MaxSidecarChars"/> characters; null when there is none or it cannot be read (it is optional).
    /// </summary>
    public static string? ReadSidecar(string photoPath)
    {
        foreach (var candidate in new[] { Path.ChangeExtension(photoPath, ".txt"), photoPath + ".txt" })
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            try
            {
                using var reader = new StreamReader(candidate, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                var buffer = new char[MaxSidecarChars];
                var read = reader.ReadBlock(buffer, 0, buffer.Length);
                return new string(buffer, 0, read);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        return null;
    }
}
