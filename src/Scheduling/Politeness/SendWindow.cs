namespace CoProduction.Scheduling.Politeness;

/// <summary>
/// The last second of one dispatcher run's messages, so that no one-second window ever holds more
/// than the rate, however late a send was handed over. Why not only the number's slots: a slot
/// says the earliest a send may start, and a send that started late followed by one on time puts
/// more than the rate into one second (52 at a configured 50 was seen). Charging each send's
/// share from the moment it was handed over cured that but added every late start to the pace,
/// and the sender reached 55-89% of its rate on a busy machine. Now the slots stay 1/rate apart
/// (a late send does not push the ones after it back), and this window holds the next send only
/// as long as the one-second rule needs.
/// </summary>
public sealed class SendWindow(double messagesPerSecond)
{
    private readonly int _most = Math.Max(1, (int)Math.Floor(messagesPerSecond));
    private readonly Queue<DateTimeOffset> _sent = new();
    private int _largest = 1;

    /// <summary>
    /// The earliest moment the next send may be handed over: with as many messages as the largest
    /// send so far (an invitation's texts go together), no second from then holds more than the rate.
    /// </summary>
    public DateTimeOffset Earliest()
    {
        // At most this many earlier messages may lie in the second before the send.
        var room = Math.Max(0, _most - _largest);
        if (_sent.Count <= room) return DateTimeOffset.MinValue;
        // The one just too many must be a whole second before (a window is [t, t + 1 s)).
        return _sent.ElementAt(_sent.Count - room - 1) + TimeSpan.FromSeconds(1);
    }

    /// <summary>Notes <paramref name="messages"/> handed over at <paramref name="at"/>.</summary>
    public void Record(DateTimeOffset at, int messages)
    {
        _largest = Math.Max(_largest, messages);
        for (var i = 0; i < messages; i++) _sent.Enqueue(at);
        while (_sent.Count > _most) _sent.Dequeue();
    }
}
