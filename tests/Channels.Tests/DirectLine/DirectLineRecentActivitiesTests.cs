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
    public void APollWithoutAWatermark_IsAnsweredHere_OnlyWhenThisNodeKeptTheConversationFromItsFirstActivity()
    {
        var recent = new DirectLineRecentActivities(_time);
        // Everything from the first activity (0) on was written here: the whole history so far, as from watermark -1.
        recent.Started("c1", Fresh);
        recent.Kept("c1", Run(0, 3), Fresh);
        Assert.Equal([0L, 1L, 2L], recent.TryRead("c1", watermark: null, Fresh)!.Select(r => r.Watermark!.Value));
        Assert.Null(recent.TryRead("c1", watermark: null, Fresh));   // the same poll again: the store's to answer

        // The beginning written elsewhere (or not kept here): the whole history is the store's to give.
        recent.Kept("c2", Run(1, 2), Fresh);
        Assert.Null(recent.TryRead("c2", watermark: null, Fresh));
        Assert.Equal([1L, 2L], recent.TryRead("c2", watermark: 0, Fresh)!.Select(r => r.Watermark!.Value));

        // Kept from 0, then another node wrote 3 and this node 4-5: the run from 0 is broken, so the store answers.
        recent.Kept("c3", Run(0, 3), Fresh);
        recent.Kept("c3", Run(4, 2), Fresh);
        Assert.Null(recent.TryRead("c3", watermark: null, Fresh));

        // Nothing answered from here once the few seconds have passed.
        recent.Kept("c4", Run(0, 2), Fresh);
        _time.Advance(Fresh + TimeSpan.FromMilliseconds(1));
        Assert.Null(recent.TryRead("c4", watermark: null, Fresh));
    }

    [Fact]
    public void APoll_GetsOnlyARunRightAfterItsWatermark_NeverNothingNew_AndNothingOnceTheFewSecondsHavePassed()
    {
        var recent = new DirectLineRecentActivities(_time);
        recent.Kept("c1", Run(4, 3), Fresh);

        Assert.Null(recent.TryRead("c1", 2, Fresh));   // before what was kept: the store knows what came between
        Assert.Null(recent.TryRead("c1", 6, Fresh));   // nothing new here: another node may have written since
        Assert.Null(recent.TryRead("c2", 3, Fresh));   // a conversation not written to here
        Assert.Equal([6L], recent.TryRead("c1", 5, Fresh)!.Select(r => r.Watermark!.Value));

        recent.Kept("c2", Run(4, 3), Fresh);
        _time.Advance(Fresh + TimeSpan.FromMilliseconds(1));
        Assert.Null(recent.TryRead("c2", 3, Fresh));
    }

    [Fact]
    public void APollAnsweredHere_TakesWhatItWasGiven_ARetryGoesToTheStore_AndTheNextActivitiesFollowOn()
    {
        var recent = new DirectLineRecentActivities(_time);
        recent.Started("c1", Fresh);
        recent.Kept("c1", Run(1, 1), Fresh);   // the visitor's message

        Assert.Equal([1L], recent.TryRead("c1", 0, Fresh)!.Select(r => r.Watermark!.Value));
        Assert.Null(recent.TryRead("c1", 0, Fresh));   // the same poll again (a retry): the store's to answer
        Assert.False(recent.StartedHereLately("c1", Fresh));   // it has activities: never "nothing here yet"

        recent.Kept("c1", Run(2, 2), Fresh);   // the replies, committed after that poll
        Assert.Null(recent.TryRead("c1", 0, Fresh));   // from before what is kept now: the store knows 1
        Assert.Equal([2L, 3L], recent.TryRead("c1", 1, Fresh)!.Select(r => r.Watermark!.Value));
        Assert.Null(recent.TryRead("c1", 3, Fresh));   // nothing new here: the store's to say

        recent.Kept("c1", Run(5, 1), Fresh);   // another node wrote 4 in between
        Assert.Null(recent.TryRead("c1", 3, Fresh));
        Assert.Equal([5L], recent.TryRead("c1", 4, Fresh)!.Select(r => r.Watermark!.Value));
    }

    [Fact]
    public void AForgottenConversation_IsTheStoresToAnswer_AndNoLongerSaidToBeStartedHereLately()
    {
        var recent = new DirectLineRecentActivities(_time);
        recent.Started("c1", Fresh);
        Assert.True(recent.StartedHereLately("c1", Fresh));
        recent.Kept("c2", Run(0, 3), Fresh);

        // Written to while streamed here: nothing of it kept, and a second stream of it looks it up.
        recent.Forget("c1");
        recent.Forget("c2");
        Assert.False(recent.StartedHereLately("c1", Fresh));
        Assert.Null(recent.TryRead("c1", watermark: null, Fresh));
        Assert.Null(recent.TryRead("c2", watermark: null, Fresh));
        Assert.Null(recent.TryRead("c2", watermark: 0, Fresh));

        // Kept again after (its stream closed, a poller of it now): answered here as before.
        recent.Kept("c2", Run(3, 2), Fresh);
        Assert.Equal([4L], recent.TryRead("c2", watermark: 3, Fresh)!.Select(r => r.Watermark!.Value));
    }
}
