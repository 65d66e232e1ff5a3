using VlSearch.Cli.Commands;

namespace VlSearch.Cli.Tests;

/// <summary>
/// <c>vlsearch duplicates</c> end to end with the built-in ResNet18: generated photos and five edited copies of each
/// are indexed, then grouped. The 500-photo acceptance run is <c>vlsearch bench duplicates</c>.
/// </summary>
public sealed class DuplicatesCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Edited_copies_are_grouped_with_their_original_and_the_original_is_the_suggested_keeper()
    {
        var folder = temp.Sub("photos");
        var sets = EditedCopies.Write(folder, 40, 13);
        var cli = new CliRunner(temp.Sub("data"));
        var index = await cli.RunAsync("index", folder, "--model", "resnet18-imagenet", "--json");
        Assert.True(index.ExitCode == 0, index.Stderr);

        var run = await cli.RunAsync("duplicates", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var groupOf = new Dictionary<string, int>();
        var keepers = new Dictionary<int, string>();
        var number = 0;
        foreach (var group in run.Json.GetProperty("groups").EnumerateArray())
        {
            number++;
            keepers[number] = group.GetProperty("keep").GetString()!;
            foreach (var photo in group.GetProperty("photos").EnumerateArray())
            {
                groupOf[photo.GetProperty("path").GetString()!] = number;
                Assert.InRange(photo.GetProperty("score").GetDouble(), 0.5, 1.0);
            }
        }

        var originOf = sets.SelectMany((s, i) => s.Copies.Prepend(s.Original).Select(p => (Path: Path.GetFullPath(p), Origin: i))).ToDictionary(p => p.Path, p => p.Origin);
        var copies = sets.SelectMany(s => s.Copies.Select(c => (Copy: Path.GetFullPath(c), Original: Path.GetFullPath(s.Original)))).ToList();
        var recalled = copies.Count(c => groupOf.TryGetValue(c.Copy, out var g) && groupOf.TryGetValue(c.Original, out var o) && g == o);
        var wrong = groupOf.GroupBy(p => p.Value).Sum(g =>
        {
            var majority = g.GroupBy(p => originOf[p.Key]).Max(o => o.Count());
            return g.Count() - majority;
        });

        // The default threshold is calibrated for at most 2 % wrong members; on 500 generated scenes it groups 97 %
        // of the copies (see DuplicateOptions.Threshold), and fewer scenes leave fewer look-alikes to confuse.
        Assert.True(recalled >= copies.Count * 0.9, $"{recalled} of {copies.Count} copies share their original's group");
        Assert.True(wrong <= Math.Max(1, groupOf.Count * 0.02), $"{wrong} of {groupOf.Count} grouped photos are in another photo's group");

        // An original is the largest of its copies (the crop and the resize are smaller; the other edits tie and are newer).
        Assert.All(copies.Select(c => c.Original).Distinct()
            .Where(o => groupOf.ContainsKey(o) && groupOf.Where(p => p.Value == groupOf[o]).All(p => originOf[p.Key] == originOf[o])), original => Assert.Equal(original, keepers[groupOf[original]]));

        var csv = await cli.RunAsync("duplicates", "--csv", "--threshold", "0.99");
        Assert.True(csv.ExitCode == 0, csv.Stderr);
        Assert.StartsWith("group,keep,path,score,width,height", csv.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--threshold", "2")]
    [InlineData("--threshold", "0.1")]
    [InlineData("--threshold", "abc")]
    [InlineData("--json", "--csv")]
    public async Task Bad_options_exit_with_code_2_and_a_message(string first, string second)
    {
        var run = await new CliRunner(temp.Sub("data")).RunAsync("duplicates", first, second);

        Assert.Equal(2, run.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(run.Stderr));
    }

    [Fact]
    public async Task A_model_without_vectors_exits_with_code_2_and_says_how_to_index_with_it()
    {
        var run = await new CliRunner(temp.Sub("data")).RunAsync("duplicates", "--model", "vlsearch-tiny");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("index", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_benchmark_reports_a_calibration_and_a_timing()
    {
        var run = await new CliRunner(temp.Sub("data")).RunAsync("bench", "duplicates", "-n", "4", "--scale", "300");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var calibration = run.Json.GetProperty("calibration");
        Assert.Equal(4, calibration.GetProperty("originals").GetInt32());
        Assert.Equal(20, calibration.GetProperty("copies").GetInt32());
        Assert.Equal(BenchDuplicatesCommand.SweepSteps, calibration.GetProperty("sweep").GetArrayLength());
        Assert.Equal(EditedCopies.Edits.Order(), calibration.GetProperty("recallByEditAtChosen").EnumerateObject().Select(p => p.Name).Order());
        Assert.InRange(calibration.GetProperty("chosenThreshold").GetDouble(), 0.5, 1.0);
        Assert.Equal(300, run.Json.GetProperty("scale").GetProperty("photos").GetInt32());
    }

    public void Dispose() => temp.Dispose();
}
