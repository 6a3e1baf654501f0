namespace CoProduction.Scheduling.Politeness;

/// <summary>
/// The one-second rule a sending number's rate means: no second, [t, t + 1 s), holds more than the
/// rate's messages, counting every sender on every node. Why slots alone do not keep it: a slot
/// says the earliest a send may start, and a send that started late followed by one on time put
/// 52 messages into one second at a configured 50. Then a per-run window of this node's own sends
/// caught that, yet 52 was seen again: it noted a send at the moment before it was handed over,
/// so a pause between that moment and the hand-over (a busy machine) let the next second start
/// early, and it saw neither other nodes, nor the run before, nor a send still under way. Now each
/// hand-over is noted in the store (<see cref="SharedSendWindow"/>) by when it ENDED, the latest
/// its messages can have gone, and a new one may begin only when the second before it has room.
/// </summary>
public static class SendWindow
{
    /// <summary>
    /// Added to the second: a node's wall clock may run a little fast or slow against another's
    /// (and against a monotonic clock) while time servers steer it; a millisecond a second is far
    /// more than they steer, and costs a tenth of a percent of the rate.
    /// </summary>
    public static readonly TimeSpan ClockAllowance = TimeSpan.FromMilliseconds(1);

    /// <summary>The most messages any one second may hold at <paramref name="messagesPerSecond"/> (one, below one a second: the slots space those).</summary>
    public static int Most(double messagesPerSecond) => Math.Max(1, (int)Math.Floor(messagesPerSecond));

    /// <summary>
    /// The earliest moment <paramref name="messages"/> more may be handed over, given the hand-overs
    /// that ended (<paramref name="ended"/>: when each ended, and its messages) and those still under
    /// way (<paramref name="underWay"/> messages: they count as going on now). Null when even their
    /// ending would not make room: look again once they end.
    /// </summary>
    public static DateTimeOffset? Earliest(double messagesPerSecond, IEnumerable<(DateTimeOffset Ended, int Messages)> ended, int underWay, int messages)
    {
        var room = Most(messagesPerSecond) - Math.Min(messages, Most(messagesPerSecond)) - underWay;
        if (room < 0) return null;
        // Newest first: once `room` messages are counted, the hand-over holding the next one must
        // have ended a whole second (and the allowance) before the new one begins.
        var counted = 0;
        foreach (var (at, count) in ended.OrderByDescending(e => e.Ended))
        {
            counted += count;
            if (counted > room) return at + TimeSpan.FromSeconds(1) + ClockAllowance;
        }
        return DateTimeOffset.MinValue;
    }
}
