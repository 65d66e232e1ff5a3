using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Catalog;
using VlSearch.Hosting;
using VlSearch.Indexing.Enrichment;
using Xunit.Abstractions;

namespace VlSearch.Cli.Tests;

/// <summary>
/// <c>vlsearch tags run</c> killed with SIGKILL part way through and run again: the catalog ends exactly as after one
/// clean run over a copy of the same catalog.
/// </summary>
public sealed class TagsKillTests(TagsKillCatalog catalog, ITestOutputHelper output) : IClassFixture<TagsKillCatalog>
{
    /// <summary>The object stage's batches: pinned here so that the run does not depend on the machine's settings.</summary>
    private const int ObjectBatch = 16;

    private const float Tolerance = 1e-5f;

    [Fact]
    public async Task Object_tagging_killed_with_sigkill_mid_run_resumes_with_one_mark_per_photo_and_the_tags_of_a_clean_run()
    {
        var (after, expected) = await KillResumeAndCompareAsync(
            catalog.Scenes, "objects", ObjectTagStage.StageName, TagsKillCatalog.SceneCount, "tags", "run", "--objects", "--json");

        // The shipped tagger finds objects with attributes on the scenes; a run that wrote none would prove nothing.
        Assert.Contains(expected.Tags, t => t.Kind == PhotoTagKinds.Object);
        Assert.Contains(expected.Tags, t => t.Kind == PhotoTagKinds.Attribute);
        Assert.All(after.Tags, t => Assert.NotNull(t.Detection));
    }

    [Fact]
    public async Task Zero_shot_tagging_killed_with_sigkill_after_a_committed_batch_resumes_with_the_tags_of_a_clean_run()
    {
        var (_, expected) = await KillResumeAndCompareAsync(
            catalog.Library, "zero-shot", ZeroShotTagStage.StageName, TagsKillCatalog.LibraryCount, "tags", "run", "--json");

        Assert.Contains(expected.Tags, t => t.Kind == PhotoTagKinds.ZeroShot);
    }

    /// <summary>
    /// Runs the command on one copy of <paramref name="source"/> until its first page is committed and SIGKILLs it,
    /// runs it again there and once on a second, untouched copy; the resumed run must handle only the photos left, and
    /// the two catalogs must end alike.
    /// </summary>
    private async Task<(Snapshot After, Snapshot Expected)> KillResumeAndCompareAsync(string source, string name, string stage, int total, params string[] args)
    {
        var killed = Cli(catalog.Copy(source, name + "-killed"));
        var clean = Cli(catalog.Copy(source, name + "-clean"));

        var marked = await KillAfterFirstBatchAsync(killed, stage, total, args);
        Assert.Equal(0, marked % EnrichmentRunner.PageSize);

        var resumed = await killed.RunAsync(args);
        var reference = await clean.RunAsync(args);

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.True(reference.ExitCode == 0, reference.Stderr);
        Assert.Equal(total - marked, resumed.Json.GetProperty("enriched").GetInt64());
        Assert.Equal(0, resumed.Json.GetProperty("failed").GetInt64());
        Assert.Equal(total, reference.Json.GetProperty("enriched").GetInt64());
        output.WriteLine($"resumed run: {resumed.Json.GetProperty("seconds")} s; clean run: {reference.Json.GetProperty("seconds")} s");
        var after = await ReadAsync(killed.DataDirectory, stage);
        var expected = await ReadAsync(clean.DataDirectory, stage);
        AssertSameAsCleanRun(after, expected, total);
        return (after, expected);
    }

    private static CliRunner Cli(string data)
    {
        var cli = TagsKillCatalog.Cli(data);
        cli.Environment["VLSEARCH_Indexing__BatchSize"] = ObjectBatch.ToString(CultureInfo.InvariantCulture);
        return cli;
    }

    /// <summary>
    /// Starts the run, waits until the catalog holds the stage's marks of at least one committed batch, kills the
    /// whole process tree with SIGKILL and returns the photos marked then. The moment is set by what the run has
    /// written, not by time; a run that finished every photo before the kill landed fails the test, as it tested no kill.
    /// </summary>
    private async Task<long> KillAfterFirstBatchAsync(CliRunner cli, string stage, int total, params string[] args)
    {
        await using var marks = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(cli.DataDirectory, CatalogOptions.DefaultSqliteFileName),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await marks.OpenAsync();
        await using var count = marks.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM PhotoEnrichments WHERE Stage = $stage";
        count.Parameters.AddWithValue("$stage", stage);
        long Marked() => Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);

        using (var run = cli.StartWatched(args))
        {
            // Polled on a read-only connection in autocommit reads: the catalog runs in WAL mode, so reading never holds up the run's writes.
            await Poll.UntilAsync(() => run.HasExited || Marked() > 0, $"the first committed batch of the {stage} stage");
            run.Process.Kill(entireProcessTree: true);
            var (exitCode, _, stderr) = await run.WaitForExitAsync();
            Assert.True(exitCode == 137, $"the run was to be killed (exit code 137) but ended by itself with {exitCode}: {stderr}");
        }

        var marked = Marked();
        Assert.True(
            marked < total,
            $"the {stage} run had marked all {total} photos before the SIGKILL landed, so no resume was tested; give the catalog more photos");
        Assert.True(marked > 0, $"no {stage} mark was left after the kill");
        output.WriteLine($"{stage}: {marked} of {total} photos marked at the kill");
        return marked;
    }

    private static void AssertSameAsCleanRun(Snapshot after, Snapshot expected, int total)
    {
        // Every photo marked once; the key forbids two marks, so the count also proves none was lost.
        Assert.Equal(total, after.Marks.Count);
        Assert.Equal(total, after.Marks.Distinct().Count());

        var duplicates = after.Tags.GroupBy(t => (t.Photo, t.Label, t.Kind, t.Detection)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "tag rows written twice: " + string.Join("; ", duplicates.Take(10)));

        Assert.Equal(expected.Tags.Count, after.Tags.Count);
        for (var i = 0; i < expected.Tags.Count; i++)
        {
            var (want, got) = (expected.Tags[i], after.Tags[i]);
            Assert.Equal((want.Photo, want.Label, want.Kind, want.Detection, want.Source), (got.Photo, got.Label, got.Kind, got.Detection, got.Source));
            Assert.True(Math.Abs(want.Confidence - got.Confidence) <= Tolerance, $"{got}: confidence {got.Confidence} where a clean run gives {want.Confidence}");
            Assert.True(SameBox(want, got), $"{got}: another box than a clean run's {want}");
        }

        // The label lists the tag: filter and the keyword index read follow the tag rows, for photos done before and after the kill.
        foreach (var (photo, labels) in after.Labels)
        {
            var rows = after.Tags.Where(t => t.Photo == photo).Select(t => t.Label).ToHashSet(StringComparer.Ordinal);
            Assert.True(rows.SetEquals(labels) && labels.Count == rows.Count, $"photo {photo}: label list [{string.Join(", ", labels)}], tag rows [{string.Join(", ", rows)}]");
            Assert.Equal(expected.Labels[photo], labels);
        }

        // The photos tagged before the kill had their vectors marked for a payload push; the resumed run pushed them.
        Assert.Equal(0, after.PendingVectors);
    }

    private static bool SameBox(TagRow a, TagRow b) =>
        Near(a.BoxX, b.BoxX) && Near(a.BoxY, b.BoxY) && Near(a.BoxWidth, b.BoxWidth) && Near(a.BoxHeight, b.BoxHeight);

    private static bool Near(float? a, float? b) => a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) <= Tolerance;

    /// <summary>The stage's marks, every tag row (in one order), each photo's label list and the vectors waiting for a push.</summary>
    private static async Task<Snapshot> ReadAsync(string data, string stage)
    {
        using var host = VlSearchHost.CreateBuilder(data, new Dictionary<string, string?> { ["Indexer:Watch"] = "false" }).Build();
        var factory = host.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var marks = await db.PhotoEnrichments.AsNoTracking().Where(m => m.Stage == stage).Select(m => m.PhotoId).ToListAsync();
        var tags = (await db.PhotoTags.AsNoTracking()
                .Select(t => new TagRow(t.PhotoId, t.Label, t.Kind, t.Detection, t.Confidence, t.Source, t.BoxX, t.BoxY, t.BoxWidth, t.BoxHeight))
                .ToListAsync())
            .OrderBy(t => t.Photo).ThenBy(t => t.Kind, StringComparer.Ordinal).ThenBy(t => t.Detection ?? -1).ThenBy(t => t.Label, StringComparer.Ordinal)
            .ToList();
        var labels = await db.Photos.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Tags);
        var pending = await db.Embeddings.AsNoTracking().CountAsync(e => e.IndexedAt == null);
        return new Snapshot(marks, tags, labels, pending);
    }

    private sealed record TagRow(long Photo, string Label, string Kind, int? Detection, float Confidence, string Source, float? BoxX, float? BoxY, float? BoxWidth, float? BoxHeight);

    private sealed record Snapshot(List<long> Marks, List<TagRow> Tags, Dictionary<long, List<string>> Labels, int PendingVectors);
}
