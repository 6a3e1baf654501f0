using System.Net.WebSockets;
using System.Text;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// One open WebSocket of a conversation: first the history after the client's watermark, then
/// every new activity as it is appended, each as a text frame {"activities":[...],"watermark":"n"};
/// an empty frame every keep-alive interval. What the client sends is read and ignored
/// (directlinejs sends empty frames to notice broken connections). The socket is closed when the
/// conversation ends or the client falls too far behind; clients then reconnect with their
/// watermark through GET conversations/{id} and miss nothing.
/// </summary>
public static class DirectLineStream
{
    private const int MaxBatch = 50;

    public static async Task RunAsync(
        WebSocket socket,
        string conversationId,
        long? watermark,
        IDirectLineConversations conversations,
        TimeSpan keepAlive,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var subscription = await conversations.SubscribeAsync(conversationId, cancellationToken);
        if (subscription is null)
        {
            await CloseAsync(socket, WebSocketCloseStatus.EndpointUnavailable, "The conversation has ended.");
            return;
        }

        await RunAsync(socket, subscription, conversationId, watermark, conversations, keepAlive, time, cancellationToken);
    }

    /// <summary>
    /// As the overload that subscribes, with a subscription made before the socket was accepted (the
    /// endpoint's own check that the conversation is there); disposed here.
    /// </summary>
    public static async Task RunAsync(
        WebSocket socket,
        DirectLineSubscription subscription,
        string conversationId,
        long? watermark,
        IDirectLineConversations conversations,
        TimeSpan keepAlive,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        using var subscribed = subscription;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Ends when the client closes (or the connection breaks, or the request is aborted): the loop below
        // stops on it. The keep-alive's and the subscription's waits take no token, so the usual end, a client's
        // close, cancels nothing: a cancelled wait was two exceptions thrown and caught for every stream.
        var receiving = DrainIncomingAsync(socket, stop);
        Sender? sender = null;
        var reconnect = false;
        try
        {
            var last = watermark;
            // The history is read only when there is some after the client's watermark: a new visitor's
            // stream (nothing yet, or nothing the client has not had) asks the store nothing more.
            var backlog = subscription.Latest is { } latest && latest <= (watermark ?? -1)
                ? []
                : await conversations.ReadAsync(conversationId, watermark, stop.Token) ?? [];
            if (backlog.Count > 0)
            {
                last = backlog[^1].Watermark;
                await SendSetAsync(socket, backlog, last, stop.Token);
            }

            // From here every frame (the activities, the keep-alive's, the close) goes through one sender, so they
            // never overlap on the socket and the activities go in the order written. Whoever writes an activity
            // sends it on its own thread once its lock is let go (DirectLineSubscription.Written): no work item
            // and no wake-up of this loop a message. Disposed when the stream ends, which completes a wait still
            // pending (false), without an exception.
            sender = new Sender(socket, subscription.Activities, last, stop);
            subscription.Attach(sender);
            using var timer = new PeriodicTimer(keepAlive, time);
            var tick = timer.WaitForNextTickAsync(CancellationToken.None).AsTask();
            // Completes once the subscription has ended and everything in it was sent (or with an error: the
            // socket fell too far behind); a send that failed ends the receive (the stop), so the loop.
            var ended = subscription.Activities.Completion;
            while (!stop.IsCancellationRequested)
            {
                var done = await Task.WhenAny(tick, ended, receiving);
                if (done == receiving)
                {
                    // The client closed the socket (or the request ended, or a send failed): done.
                    break;
                }

                if (done == ended)
                {
                    reconnect = true;
                    break;
                }

                if (!await tick) break;
                sender.KeepAlive();
                tick = timer.WaitForNextTickAsync(CancellationToken.None).AsTask();
            }
        }
        catch (OperationCanceledException)
        {
            // The client closed the socket or the request was aborted.
        }
        catch (WebSocketException)
        {
            // The connection broke; the client reconnects.
        }
        finally
        {
            // No frame is sent after this (a send under way ends first), so the close below is the last.
            if (sender is not null) await sender.StopAsync();
            if (reconnect)
            {
                await CloseAsync(socket, WebSocketCloseStatus.EndpointUnavailable, "Please reconnect.");
            }

            // Only a receive still waiting (the stream ended on the server's side) is cancelled here.
            if (!receiving.IsCompleted) await stop.CancelAsync();
            await receiving;
            if (socket.State == WebSocketState.CloseReceived)
            {
                await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "Goodbye.");
            }
        }
    }

    /// <summary>
    /// The one sender of a socket's frames after its history: an activity set of what is waiting in the
    /// subscription (up to <see cref="MaxBatch"/> a frame), or the keep-alive's empty frame. It sends on the
    /// thread that asks (the writer of an activity, or the stream's loop for the keep-alive); a thread that
    /// asks while another sends leaves it to that one, which looks again before it lets go.
    /// </summary>
    private sealed class Sender(WebSocket socket, System.Threading.Channels.ChannelReader<DirectLineActivityRecord> activities, long? last, CancellationTokenSource stop)
        : DirectLineSubscription.ISender
    {
        private readonly SemaphoreSlim _sending = new(1, 1);
        private readonly List<DirectLineActivityRecord> _batch = [];
        private long? _last = last;
        private int _asked;
        private int _keepAlive;
        private bool _stopped;

        public void Send() => _ = SendWaitingAsync();

        public void KeepAlive()
        {
            Volatile.Write(ref _keepAlive, 1);
            _ = SendWaitingAsync();
        }

        /// <summary>Waits for a send under way, then holds the sender for good: the stream's close is the last frame.</summary>
        public async Task StopAsync()
        {
            await _sending.WaitAsync(CancellationToken.None);
            _stopped = true;
        }

        private async Task SendWaitingAsync()
        {
            Volatile.Write(ref _asked, 1);
            // The one that holds the sender clears "asked" before it reads, and looks again after it lets go:
            // what was written while it sent is sent by it, or by the next to ask.
            while (Volatile.Read(ref _asked) == 1 && _sending.Wait(0))
            {
                try
                {
                    if (_stopped) return;
                    Interlocked.Exchange(ref _asked, 0);
                    await SendAllAsync();
                }
                catch (Exception)
                {
                    // The socket broke or is closing (or anything else went wrong on it): nothing more is sent, the
                    // stream ends (its receive stops), and the client reconnects with its watermark, missing nothing.
                    _stopped = true;
                    try
                    {
                        stop.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                    }

                    return;
                }
                finally
                {
                    _sending.Release();
                }
            }
        }

        private async Task SendAllAsync()
        {
            if (Interlocked.Exchange(ref _keepAlive, 0) == 1)
            {
                await SendAsync(socket, string.Empty, stop.Token);
            }

            while (true)
            {
                _batch.Clear();
                while (_batch.Count < MaxBatch && activities.TryRead(out var record))
                {
                    // Anything already sent from the history is skipped: we subscribed before reading it.
                    if (record.Watermark is { } w && _last is { } l && w <= l)
                    {
                        continue;
                    }

                    _batch.Add(record);
                    _last = record.Watermark ?? _last;
                }

                if (_batch.Count == 0) return;
                try
                {
                    await SendSetAsync(socket, _batch, _last, stop.Token);
                }
                finally
                {
                    _batch.Clear();
                }
            }
        }
    }

    /// <summary>An activity set as one text frame, encoded once into a pooled buffer (the same bytes as <see cref="DirectLineJson.ActivitySet"/>'s).</summary>
    private static async Task SendSetAsync(WebSocket socket, IReadOnlyList<DirectLineActivityRecord> activities, long? watermark, CancellationToken cancellationToken)
    {
        var (buffer, length) = DirectLineJson.RentActivitySetUtf8(activities, watermark);
        try
        {
            await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private static async Task DrainIncomingAsync(WebSocket socket, CancellationTokenSource stop)
    {
        // What clients send is ignored (directlinejs sends empty frames): a small buffer, read by the overload
        // that makes no task or result object a frame.
        var buffer = new byte[128];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
            // The connection broke: a send still waiting on it stops too.
            await stop.CancelAsync();
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(status, reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
    }
}
