namespace VlSearch.Jobs.Admin;

/// <summary>
/// A photo that was indexed although its file is damaged (cut short, the missing part filled by the decoder), and
/// why: the one shape the command line, the API and the pages show.
/// </summary>
public sealed record PhotoWarning(long PhotoId, string? Library, string Path, string Reason);
