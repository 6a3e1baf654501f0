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
    {
        Activities = activities;
        _unsubscribe = unsubscribe;
    }

    public ChannelReader<DirectLineActivityRecord> Activities { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe();
        }
    }
}
