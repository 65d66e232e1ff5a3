namespace VlSearch.Hangfire;

/// <summary>How this process serves the queue.</summary>
/// <param name="Workers">Work items this process runs at once.</param>
/// <param name="Name">The server's name in listings.</param>
/// <param name="RunsIndexWork">Whether it also takes the work that writes the vector index (planning, removals, rebuilds).</param>
public sealed record JobServerSettings(int Workers, string Name, bool RunsIndexWork);
