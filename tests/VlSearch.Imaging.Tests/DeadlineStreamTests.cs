using System.Diagnostics;

namespace VlSearch.Imaging.Tests;

public sealed class DeadlineStreamTests
{
    [Fact]
    public void Reads_pass_through_before_the_deadline()
    {
        using var inner = new MemoryStream([1, 2, 3, 4]);
        using var stream = new DeadlineStream(inner, new DecodeBudget(Timeout.InfiniteTimeSpan, CancellationToken.None), throwOnDeadline: true);

        var buffer = new byte[4];

        Assert.Equal(4, stream.Read(buffer));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, buffer);
        Assert.False(stream.DeadlinePassed);
    }

    [Fact]
    public void Throwing_mode_raises_cancellation_once_the_deadline_passed()
    {
        using var inner = new MemoryStream(new byte[100]);
        using var cts = new CancellationTokenSource();
        using var stream = new DeadlineStream(inner, new DecodeBudget(Timeout.InfiniteTimeSpan, cts.Token), throwOnDeadline: true);
        Assert.Equal(10, stream.Read(new byte[10]));

        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => stream.Read(new byte[10]));
        Assert.True(stream.DeadlinePassed);
    }

    [Fact]
    public void Native_mode_reports_end_of_data_once_the_deadline_passed()
    {
        using var inner = new MemoryStream(new byte[100]);
        using var cts = new CancellationTokenSource();
        using var stream = new DeadlineStream(inner, new DecodeBudget(Timeout.InfiniteTimeSpan, cts.Token), throwOnDeadline: false);
        Assert.Equal(10, stream.Read(new byte[10]));

        cts.Cancel();

        Assert.Equal(0, stream.Read(new byte[10]));
        Assert.Equal(-1, stream.ReadByte());
        Assert.True(stream.DeadlinePassed);
    }

    [Fact]
    public void Native_mode_records_io_errors_instead_of_throwing()
    {
        var inner = new MemoryStream(new byte[100]);
        using var stream = new DeadlineStream(inner, new DecodeBudget(Timeout.InfiniteTimeSpan, CancellationToken.None), throwOnDeadline: false);
        inner.Dispose();

        Assert.Equal(0, stream.Read(new byte[10]));
        Assert.IsType<ObjectDisposedException>(stream.ReadError);
    }

    [Fact]
    public void A_passed_deadline_stops_reads_even_before_any_timer_fires()
    {
        using var inner = new MemoryStream(new byte[64]);
        var created = Stopwatch.GetTimestamp();
        using var budget = new DecodeBudget(TimeSpan.FromTicks(1), CancellationToken.None);
        // The deadline is one tick after creation; once a millisecond has gone by on the same clock it has passed.
        Poll.Until(() => Stopwatch.GetElapsedTime(created) > TimeSpan.FromMilliseconds(1), "the budget's deadline to pass");
        using var stream = new DeadlineStream(inner, budget, throwOnDeadline: true);

        Assert.ThrowsAny<OperationCanceledException>(() => stream.ReadByte());
        Assert.True(stream.DeadlinePassed);
    }
}
