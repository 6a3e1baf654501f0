using CoProduction.Channels.DirectLine;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Channels.Tests.DirectLine;

public class DirectLineRecentActivitiesTests
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private static DirectLineActivityRecord[] Run(long first, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new DirectLineActivityRecord(first + i, $"{{\"n\":{first + i}}}"))];

    [Fact]
    public void APollWithoutAWatermark_IsAlwaysTheStoresToAnswer_EvenWhenThisNodeKeptTheWholeHistory()
    {
        var recent = new DirectLineRecentActivities(_time);
        // Everything from the first activity on was written here: still, the whole history is the store's to give.
        recent.Kept("c1", Run(0, 3), Fresh);

        Assert.Null(recent.TryRead("c1", watermark: null, Fresh));
        Assert.Equal([1L, 2L], recent.TryRead("c1", watermark: 0, Fresh)!.Select(r => r.Watermark!.Value));
    }

    [Fact]
    public void APoll_GetsOnlyARunRightAfterItsWatermark_NeverNothingNew_AndNothingOnceTheFewSecondsHavePassed()
    {
        var recent = new DirectLineRecentActivities(_time);
        recent.Kept("c1", Run(4, 3), Fresh);

        Assert.Equal([4L, 5L, 6L], recent.TryRead("c1", 3, Fresh)!.Select(r => r.Watermark!.Value));
        Assert.Equal([6L], recent.TryRead("c1", 5, Fresh)!.Select(r => r.Watermark!.Value));
        Assert.Null(recent.TryRead("c1", 2, Fresh));   // before what was kept: the store knows what came between
        Assert.Null(recent.TryRead("c1", 6, Fresh));   // nothing new here: another node may have written since
        Assert.Null(recent.TryRead("c2", 3, Fresh));   // a conversation not written to here

        _time.Advance(Fresh + TimeSpan.FromMilliseconds(1));
        Assert.Null(recent.TryRead("c1", 3, Fresh));
    }
}
