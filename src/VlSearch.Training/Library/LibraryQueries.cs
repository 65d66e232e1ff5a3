namespace VlSearch.Training.Library;

/// <summary>
/// The query set of a generated library, in three kinds: what only the keyword side can answer (an event, a file
/// name), what only the image side can answer (a subject), and what needs both (a subject in one event).
/// </summary>
internal static class LibraryQueries
{
    /// <summary>Most file-name queries (descriptive names, then camera numbers).</summary>
    public const int FileNameQueries = 10;

    /// <summary>Most sidecar-caption queries ("dinner with clara").</summary>
    public const int SidecarQueries = 5;

    /// <summary>Subjects asked for within each event.</summary>
    public const int SubjectsAskedPerEvent = 2;

    public static IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Build(IReadOnlyList<LibraryPhoto> photos, IReadOnlyList<LibraryEvent> events)
    {
        var queries = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string text, IEnumerable<string> files)
        {
            var relevant = files.Order(StringComparer.Ordinal).ToList();
            if (relevant.Count > 0 && seen.Add(text))
            {
                queries.Add(new(text, relevant));
            }
        }

        // Keyword side: the event, as a person remembers it.
        foreach (var ev in events)
        {
            Add(ev.SearchPhrase, photos.Where(p => p.Event == ev.Folder).Select(p => p.File));
        }

        // Keyword side: file names, descriptive ones ("anna cake") first, then camera numbers ("IMG_4312").
        var byName = photos.GroupBy(p => BaseName(p.File), StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var group in byName.Where(g => g.Key.Contains('-', StringComparison.Ordinal)).Take(FileNameQueries / 2)
                     .Concat(byName.Where(g => !g.Key.Contains('-', StringComparison.Ordinal)).Take(FileNameQueries / 2)))
        {
            Add(group.Key.Contains('-', StringComparison.Ordinal) ? group.Key.Replace('-', ' ') : group.Key, group.Select(p => p.File));
        }

        // Keyword side: a moment someone wrote down in a sidecar caption.
        foreach (var group in photos.Where(p => p.Sidecar is not null).GroupBy(p => p.Sidecar!.ToLowerInvariant(), StringComparer.Ordinal).Take(SidecarQueries))
        {
            Add(group.Key, group.Select(p => p.File));
        }

        // Image side: a subject, wherever it is filed.
        foreach (var subject in photos.Select(p => p.Subject).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Add(subject, photos.Where(p => p.Subject == subject).Select(p => p.File));
        }

        // Both: a subject in one event; other events hold the subject and the event holds other subjects.
        foreach (var ev in events)
        {
            foreach (var subject in photos.Where(p => p.Event == ev.Folder).Select(p => p.Subject).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(SubjectsAskedPerEvent))
            {
                Add($"{subject[2..]} {ev.SearchPhrase}", photos.Where(p => p.Event == ev.Folder && p.Subject == subject).Select(p => p.File));
            }
        }

        return queries;
    }

    private static string BaseName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);

        // "anna-cake-2" is the second "anna-cake" of its folder: one query finds both.
        var dash = name.LastIndexOf('-');
        return dash > 0 && name[(dash + 1)..].All(char.IsAsciiDigit) ? name[..dash] : name;
    }
}
