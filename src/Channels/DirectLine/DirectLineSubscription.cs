using System.Threading.Channels;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// New activities of one conversation as they happen, for one open WebSocket. When the reader
/// falls too far behind, the channel completes with an error: the socket is then closed and the
/// client reconnects with its watermark, which loses nothing. Dispose to stop listening.
/// </summary>
public sealed class DirectLineSubscription : IDisposable
{
    private readonly Action _unsubscribe;
    private int _disposed;

    public DirectLineSubscription(ChannelReader<DirectLineActivityRecord> activities, Action unsubscribe)
        : this(activities, unsubscribe, latest: null)
    {
    }

    /// <param name="latest">The watermark of the conversation's last activity when it subscribed (-1: none yet), when the store knows it.</param>
    public DirectLineSubscription(ChannelReader<DirectLineActivityRecord> activities, Action unsubscribe, long? latest)
    {
        Activities = activities;
        _unsubscribe = unsubscribe;
        Latest = latest;
    }

    public ChannelReader<DirectLineActivityRecord> Activities { get; }

    /// <summary>
    /// The watermark of the last activity the conversation had when this subscribed (-1 when it had
    /// none), or an earlier one (a store's node that started the conversation moments ago says -1 without
    /// asking); null when not known. Everything after it arrives on <see cref="Activities"/>, so a
    /// client already holding it has no history to read (a new visitor's stream never has).
    /// </summary>
    public long? Latest { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe();
        }
    }
}
