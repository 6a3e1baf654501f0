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
    private ISender? _sender;

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

    /// <summary>
    /// Call after writing to <see cref="Activities"/>, once the writer's own lock is let go: an open
    /// WebSocket sends what is waiting now, on the calling thread (one sender a socket, in the
    /// order written; a send that must wait goes on by itself, without holding up the caller).
    /// Without a socket reading this subscription yet, nothing.
    /// </summary>
    public void Written()
    {
        // The write to the channel comes before this read: a sender attached meanwhile sends what it finds
        // when attached, and this call finds it; one of the two sends the activity.
        Interlocked.MemoryBarrier();
        Volatile.Read(ref _sender)?.Send();
    }

    /// <summary>The socket's sender, attached once its history has been sent; it then sends what <see cref="Written"/> says is waiting.</summary>
    internal void Attach(ISender sender)
    {
        Interlocked.Exchange(ref _sender, sender);
        sender.Send();
    }

    internal interface ISender
    {
        void Send();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe();
        }
    }
}
