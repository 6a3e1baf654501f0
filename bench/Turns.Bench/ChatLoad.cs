using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
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
/// <paramref name="newVisitorsOnly"/> true: each visitor only arrives (a token, a start, the stream) and sends its first
/// message (CHECKIN, the survey's start) and leaves; each such visit is one "turn", so its CPU is a new visitor's.
/// Against a service on a loopback address, each visitor sends from a loopback address of its own (127.0.0.2, 127.0.0.3,
/// ...), as visitors from different homes do: the service counts tokens and starts per client address
/// (<c>DirectLine:TokenRequestsPerMinute</c>, at most 10,000), and eight visitors sharing 127.0.0.1 reached that
/// limit at about 580 turns a second, their later starts refused with 429.
/// </summary>
public sealed class ChatLoad(Uri baseUrl, string secret, bool stream = false, bool keepConversation = false, bool newVisitorsOnly = false, bool oneAddress = false)
{
    private static readonly string[] Script = ["CHECKIN", "4", "yes", "1", "3", "skip", "More trips out please"];
    private static readonly string[] FirstMessage = ["CHECKIN"];

    private readonly ConcurrentDictionary<string, long> _failures = new();

    /// <summary>How a turn is read back, for the bench's rows.</summary>
    public string Mode => (stream ? "WebSocket, as Web Chat" : "polling") + (keepConversation ? ", one conversation a visitor" : "")
        + (newVisitorsOnly ? ", new visitors only (a token, a start, the stream, the first message)" : "");

    /// <summary>What failed and how often (the status code, or the exception), for the report.</summary>
    public string FailureReasons => string.Join(", ", _failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key}: {f.Value}"));

    private void Failed(string what) => _failures.AddOrUpdate(what, 1, (_, n) => n + 1);

    private long _acknowledged;

    /// <summary>Activities the service accepted (each visitor's posts answered 200), the warm-up's too, as <see cref="SmsLoad.Acknowledged"/>.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>
    /// The visitor's own address on the loopback network (127.0.0.2 onwards) when the service is on one,
    /// else none: the operating system picks it.
    /// </summary>
    private IPAddress? SourceFor(int visitor)
    {
        if (oneAddress || !IPAddress.TryParse(baseUrl.Host, out var host) || host.AddressFamily != AddressFamily.InterNetwork || !IPAddress.IsLoopback(host)) return null;
        var n = visitor + 2;
        return new IPAddress([127, 0, (byte)(n / 250), (byte)(n % 250 + (n / 250 == 0 ? 0 : 1))]);
    }

    private HttpClient ClientFor(int visitor)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 2 };
        if (SourceFor(visitor) is { } source)
        {
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<LoadResult> RunAsync(int visitors, TimeSpan warmUp, TimeSpan measure)
    {
        var latencies = new ConcurrentBag<double>();
        long turns = 0, failures = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource(warmUp + measure);
        var script = newVisitorsOnly ? FirstMessage : Script;

        async Task<string?> PostAsync(HttpClient http, string path, string bearer, object? body = null)
        {
            // Serialized first, so the request carries a Content-Length as Web Chat's fetch does (JsonContent streams it in chunks).
            var json = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body ?? new { }));
            json.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = json };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode) return await response.Content.ReadAsStringAsync();
            Failed($"{path.Split('/')[^1]} HTTP {(int)response.StatusCode}");
            return null;
        }

        async Task VisitorAsync(int n)
        {
            using var http = ClientFor(n);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var tokenJson = await PostAsync(http, "/v3/directline/tokens/generate", secret, new { user = new { id = $"dl_bench{n}_{Guid.NewGuid():N}" } });
                if (tokenJson is null) { Interlocked.Increment(ref failures); await Task.Delay(100); continue; }
                var token = JsonDocument.Parse(tokenJson).RootElement.GetProperty("token").GetString()!;
                var conversationJson = await PostAsync(http, "/v3/directline/conversations", token);
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
                        if (!stop.IsCancellationRequested) { Interlocked.Increment(ref failures); Failed("stream " + e.GetType().Name); }
                        continue;
                    }
                }
                string? watermark = null;
                do
                {
                    foreach (var text in script)
                    {
                        if (stop.IsCancellationRequested) break;
                        // A new visitor's "turn" is timed from its token request; a survey turn from its post.
                        if (!newVisitorsOnly) started = Stopwatch.GetTimestamp();
                        var clientId = Guid.NewGuid().ToString("N")[..20];
                        var posted = await PostAsync(http, $"/v3/directline/conversations/{id}/activities", token,
                            new { type = "message", from = new { id = "visitor" }, text, channelData = new { clientActivityID = clientId } });
                        if (posted is not null) Interlocked.Increment(ref _acknowledged);
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
                        if (!ok) { Interlocked.Increment(ref failures); if (posted is not null) Failed("reply not read"); continue; }
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
