using VlSearch.Core;

namespace VlSearch.Cli.Commands;

/// <summary>One line of <c>search --json</c> and <c>similar --json</c>: best first, score is the cosine similarity.</summary>
public sealed record SearchResultItem(string Path, float Score, long Id, string? Library, DateTime? TakenAt, string? Camera, string? FileType)
{
    public static SearchResultItem From(ScoredPhoto hit) =>
        new(hit.Payload.Path, hit.Score, hit.Id, hit.Payload.Library, hit.Payload.TakenAt, hit.Payload.Camera, hit.Payload.FileType);
}
