using Microsoft.Extensions.FileSystemGlobbing;

namespace VlSearch.Indexing;

/// <summary>Walks a library root and yields the photo files that the rules select.</summary>
public static class FileScanner
{
    /// <summary>
    /// Enumerates files lazily, so a large library never sits in memory twice. Folders that cannot be read are
    /// reported through <paramref name="onError"/> and skipped; the walk goes on.
    /// </summary>
    public static IEnumerable<ScannedFile> Scan(string root, ScanRules rules, Action<string, string>? onError = null, CancellationToken cancellationToken = default)
    {
        var rootFull = Path.GetFullPath(root);
        if (!Directory.Exists(rootFull))
        {
            throw new DirectoryNotFoundException($"Folder not found: {root}");
        }

        var include = rules.Include.Count == 0 ? null : BuildMatcher(rules.Include);
        var exclude = rules.Exclude.Count == 0 ? null : BuildMatcher(rules.Exclude);
        var pending = new Stack<string>();
        pending.Push(rootFull);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var folder = pending.Pop();
            FileSystemInfo[] entries;
            try
            {
                entries = new DirectoryInfo(folder).GetFileSystemInfos();
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                onError?.Invoke(folder, e.Message);
                continue;
            }

            // Sorted so runs are reproducible and progress reads naturally.
            Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var entry in entries)
            {
                if (!rules.IncludeHidden && entry.Name.StartsWith('.'))
                {
                    continue;
                }

                // Links are not followed: a link cycle would never end and a link out of the root escapes the library.
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                    continue;
                }

                if (entry is not FileInfo file || !rules.Extensions.Contains(file.Extension.ToLowerInvariant()))
                {
                    continue;
                }

                var relative = Path.GetRelativePath(rootFull, file.FullName).Replace('\\', '/');
                if (include is not null && !include.Match(relative).HasMatches)
                {
                    continue;
                }

                if (exclude is not null && exclude.Match(relative).HasMatches)
                {
                    continue;
                }

                yield return new ScannedFile(file.FullName, file.Length, file.LastWriteTimeUtc);
            }
        }
    }

    private static Matcher BuildMatcher(IEnumerable<string> patterns)
    {
        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
        foreach (var pattern in patterns)
        {
            matcher.AddInclude(pattern);
        }

        return matcher;
    }
}
