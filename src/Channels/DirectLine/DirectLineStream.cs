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

            // Disposed when the stream ends, which completes a wait still pending (false), without an exception;
            // the subscription's wait likewise completes (false) when it is disposed.
            using var timer = new PeriodicTimer(keepAlive, time);
            var tick = timer.WaitForNextTickAsync(CancellationToken.None).AsTask();
            var ready = subscription.Activities.WaitToReadAsync(CancellationToken.None).AsTask();
            while (!stop.IsCancellationRequested)
            {
                var done = await Task.WhenAny(tick, ready, receiving);
                if (done == receiving)
                {
                    // The client closed the socket (or the request ended): done.
                    break;
                }

                if (done == tick)
                {
                    await tick;
                    await SendAsync(socket, string.Empty, stop.Token);
                    tick = timer.WaitForNextTickAsync(CancellationToken.None).AsTask();
                    continue;
                }

                if (!await ready)
                {
                    await CloseAsync(socket, WebSocketCloseStatus.EndpointUnavailable, "Please reconnect.");
                    return;
                }

                var batch = new List<DirectLineActivityRecord>();
                while (batch.Count < MaxBatch && subscription.Activities.TryRead(out var record))
                {
                    // Anything already sent from the history is skipped: we subscribed before reading it.
                    if (record.Watermark is { } w && last is { } l && w <= l)
                    {
                        continue;
                    }

                    batch.Add(record);
                    last = record.Watermark ?? last;
                }

                if (batch.Count > 0)
                {
                    await SendSetAsync(socket, batch, last, stop.Token);
                }

                ready = subscription.Activities.WaitToReadAsync(CancellationToken.None).AsTask();
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
        catch (System.Threading.Channels.ChannelClosedException)
        {
            await CloseAsync(socket, WebSocketCloseStatus.EndpointUnavailable, "Please reconnect.");
        }
        finally
        {
            // Only a receive still waiting (the stream ended on the server's side) is cancelled here.
            if (!receiving.IsCompleted) await stop.CancelAsync();
            await receiving;
            if (socket.State == WebSocketState.CloseReceived)
            {
                await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "Goodbye.");
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
