using Microsoft.Extensions.Time.Testing;
using VlSearch.Cli.Commands;

namespace VlSearch.Cli.Tests;

public sealed class ProgressLinesTests
{
    private readonly FakeTimeProvider time = new();
    private readonly StringWriter output = new();

    private string[] Lines => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void A_stage_that_reports_once_and_then_works_for_a_minute_still_prints_a_line_every_ten_seconds()
    {
        using var lines = new ProgressLines(output, time);
        lines.Report("bench: build 10000/1000000", notable: true);

        for (var i = 0; i < 6; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(7, Lines.Length);
        Assert.Equal("bench: build 10000/1000000", Lines[0]);
        Assert.Equal("bench: build 10000/1000000 (60 s)", Lines[^1]);
    }

    [Fact]
    public void Frequent_reports_print_only_notable_ones_and_the_latest_state_once_per_interval()
    {
        using var lines = new ProgressLines(output, time);
        lines.Report("indexing: scanning 0", notable: true);
        for (var done = 1; done <= 100; done++)
        {
            time.Advance(TimeSpan.FromMilliseconds(150));
            lines.Report($"indexing: embedding {done}/1000", notable: false);
        }

        // 15 s of reports: the first line, then the latest state once ten seconds had passed without a line.
        Assert.Equal(["indexing: scanning 0", "indexing: embedding 66/1000 (10 s)"], Lines);
    }

    [Fact]
    public void Nothing_is_repeated_before_anything_was_reported_or_after_disposal()
    {
        var lines = new ProgressLines(output, time);
        time.Advance(TimeSpan.FromSeconds(30));
        lines.Report("done", notable: true);
        lines.Dispose();
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["done"], Lines);
    }
}
