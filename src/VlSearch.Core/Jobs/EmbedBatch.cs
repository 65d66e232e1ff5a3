namespace VlSearch.Core.Jobs;

/// <summary>
/// Files of one library for one model to embed as part of catalog job <paramref name="JobId"/>. <paramref name="Name"/>
/// is unique per job, planning run and position, so a batch run twice is counted once.
/// </summary>
public sealed record EmbedBatch(long JobId, int LibraryId, string Model, string Name, IReadOnlyList<string> Paths);
