using VlSearch.Hosting;

namespace VlSearch.Cli.Tests;

public sealed class MachineCpuSampleTests
{
    [Fact]
    public void The_aggregate_line_counts_steal_as_busy_and_leaves_guest_time_inside_user_time()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice
        var sample = MachineCpuSample.Parse("cpu  1000 20 300 5000 40 6 7 80 500 0");

        Assert.Equal(new MachineCpuSample(1000 + 20 + 300 + 6 + 7 + 80, 1000 + 20 + 300 + 6 + 7 + 80 + 5000 + 40), sample);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cpu0 1 2 3 4 5 6 7 8")]
    [InlineData("cpu 1 2 x 4 5")]
    [InlineData("intr 1 2 3 4 5")]
    public void Anything_but_a_well_formed_aggregate_line_gives_no_sample(string? line)
    {
        Assert.Null(MachineCpuSample.Parse(line));
    }

    [Fact]
    public void A_kernel_without_the_later_columns_still_parses()
    {
        Assert.Equal(new MachineCpuSample(6, 10), MachineCpuSample.Parse("cpu 1 2 3 4"));
    }

    [Fact]
    public void Others_share_is_the_busy_time_this_process_did_not_spend_over_all_the_time()
    {
        var before = new MachineCpuSample(1_000, 10_000);
        // 2 cores × 10 s = 2,000 ticks; 1,500 busy, of which this process spent 12 s = 1,200 ticks.
        var after = new MachineCpuSample(2_500, 12_000);

        Assert.Equal(0.15, MachineCpuSample.OthersShare(before, after, 12), 6);
        // The process's own reading can run ahead of the machine's coarser ticks: never a negative share.
        Assert.Equal(0, MachineCpuSample.OthersShare(before, after, 20));
        Assert.Equal(0, MachineCpuSample.OthersShare(before, before, 0));
    }

    [SkippableFact]
    public void On_linux_the_machine_counters_are_read_and_only_grow()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc/stat is Linux's.");
        var first = MachineCpuSample.Read();
        Thread.Sleep(50);
        var second = MachineCpuSample.Read();

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(second.TotalTicks >= first.TotalTicks && second.BusyTicks >= first.BusyTicks);
        Assert.True(first.TotalTicks >= first.BusyTicks);
    }
}
