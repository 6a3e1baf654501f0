using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace CoProduction.Turns.Bench;

/// <summary>
/// Web chat visitors through Direct Line 3.0 as the Web Chat client uses it: a token from the
/// secret, a conversation, then each turn is one posted activity (named by a clientActivityID, as
/// Web Chat names it) and its echo and replies read back. <paramref name="stream"/> true reads them
/// as Web Chat does by default, from the conversation's WebSocket (<c>streamUrl</c>); false reads
/// them by polling, one GET of the activities after the last watermark per turn.
/// <paramref name="keepConversation"/> false gives every visitor a new token, conversation and
/// WebSocket for each survey (a new visitor every seven turns, as a page opened, answered and left);
/// true keeps each visitor's conversation (and stream) and goes through the survey again and again
/// in it, so the turns measured are chat messages alone, with no visitor's start among them.
/// </summary>
public sealed class ChatLoad(Uri baseUrl, string secret, bool stream = false, bool keepConversation = false)
{
    private static readonly string[] Script = ["CHECKIN", "4", "yes", "1", "3", "skip", "More trips out please"];

    /// <summary>How a turn is read back, for the bench's rows.</summary>
    public string Mode => (stream ? "WebSocket, as Web Chat" : "polling") + (keepConversation ? ", one conversation a visitor" : "");

    public async Task<LoadResult> RunAsync(int visitors, TimeSpan warmUp, TimeSpan measure)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = visitors };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new ConcurrentBag<double>();
        long turns = 0, failures = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource(warmUp + measure);

        async Task<string?> PostAsync(string path, string bearer, object? body = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }

        async Task VisitorAsync(int n)
        {
            while (!stop.IsCancellationRequested)
            {
                var tokenJson = await PostAsync("/v3/directline/tokens/generate", secret, new { user = new { id = $"dl_bench{n}_{Guid.NewGuid():N}" } });
                if (tokenJson is null) { Interlocked.Increment(ref failures); await Task.Delay(100); continue; }
                var token = JsonDocument.Parse(tokenJson).RootElement.GetProperty("token").GetString()!;
                var conversationJson = await PostAsync("/v3/directline/conversations", token);
                if (conversationJson is null) { Interlocked.Increment(ref failures); await Task.Delay(100); continue; }
                var conversation = JsonDocument.Parse(conversationJson).RootElement;
                var id = conversation.GetProperty("conversationId").GetString()!;
                if (conversation.TryGetProperty("token", out var t) && t.GetString() is { } newer) token = newer;
                using var socket = stream ? new ClientWebSocket() : null;
                if (socket is not null)
                {
                    try
                    {
                        await socket.ConnectAsync(new Uri(conversation.GetProperty("streamUrl").GetString()!), stop.Token);
                    }
                    catch (Exception e) when (e is WebSocketException or OperationCanceledException)
                    {
                        if (!stop.IsCancellationRequested) Interlocked.Increment(ref failures);
                        continue;
                    }
                }
                string? watermark = null;
                do
                {
                    foreach (var text in Script)
                    {
                        if (stop.IsCancellationRequested) break;
                        var started = Stopwatch.GetTimestamp();
                        var clientId = Guid.NewGuid().ToString("N")[..20];
                        var posted = await PostAsync($"/v3/directline/conversations/{id}/activities", token,
                            new { type = "message", from = new { id = "visitor" }, text, channelData = new { clientActivityID = clientId } });
                        bool ok;
                        if (socket is not null)
                        {
                            ok = posted is not null && await ReadTurnAsync(socket, clientId);
                        }
                        else
                        {
                            using var read = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{id}/activities" + (watermark is null ? "" : $"?watermark={watermark}"));
                            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                            using var response = await http.SendAsync(read);
                            ok = posted is not null && response.IsSuccessStatusCode;
                            if (ok)
                            {
                                var set = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                                if (set.TryGetProperty("watermark", out var w)) watermark = w.GetString();
                            }
                        }
                        if (!Volatile.Read(ref measuring)) continue;
                        if (!ok) { Interlocked.Increment(ref failures); continue; }
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Interlocked.Increment(ref turns);
                    }
                }
                while (keepConversation && !stop.IsCancellationRequested && (socket is null || socket.State == WebSocketState.Open));
                if (socket is { State: WebSocketState.Open })
                {
                    try { await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
                    catch (WebSocketException) { }
                }
            }
        }

        var tasks = Enumerable.Range(0, visitors).Select(n => Task.Run(() => VisitorAsync(n))).ToArray();
        await Task.Delay(warmUp);
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tasks);
        return LoadResult.From(turns, failures, clock.Elapsed, latencies);
    }

    /// <summary>
    /// Frames from the stream until the echo of the visitor's activity (found by its clientActivityID,
    /// as Web Chat finds it) and a bot reply after it have come; false when the socket ends first.
    /// </summary>
    private static async Task<bool> ReadTurnAsync(ClientWebSocket socket, string clientId)
    {
        var buffer = new byte[16 * 1024];
        var echoed = false;
        // Not cut short by the end of the run: a turn under way is read to its end, as a poll is.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close) return false;
                if (length == 0) continue; // keep-alive
                using var set = JsonDocument.Parse(buffer.AsMemory(0, length));
                foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
                {
                    if (!echoed)
                    {
                        echoed = activity.TryGetProperty("channelData", out var data)
                            && data.TryGetProperty("clientActivityID", out var c) && c.GetString() == clientId;
                    }
                    else if (activity.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) && role.GetString() == "bot")
                    {
                        return true;
                    }
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
