using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoProduction.Bot.BrowserTests.Infrastructure;

/// <summary>One request the proxy passed on: to which node, and what came back (101 for a WebSocket).</summary>
public sealed record ProxiedRequest(string Node, string Method, string Path, bool WebSocket, int Status);

/// <summary>
/// A reverse proxy in front of several nodes, as nginx with round-robin and no sticky sessions
/// would be: every HTTP request and every WebSocket upgrade goes to the next node in turn, with
/// X-Forwarded-For, -Proto and -Host saying what the proxy received. It keeps every request it
/// passed on, so a test can show that the alternation happened.
/// </summary>
public sealed class RoundRobinProxy : IAsyncDisposable
{
    // Hop-by-hop headers belong to one connection; the forwarded ones are the proxy's to write.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection",
        "Proxy-Authorization", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
        "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Accept",
    };

    private readonly IReadOnlyList<(string Name, Uri Address)> _nodes;
    private readonly List<ProxiedRequest> _requests = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    });
    private WebApplication _app = null!;
    private int _turn = -1;

    private RoundRobinProxy(IReadOnlyList<(string Name, Uri Address)> nodes) => _nodes = nodes;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<ProxiedRequest> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    public static async Task<RoundRobinProxy> StartAsync(IReadOnlyList<(string Name, Uri Address)> nodes)
    {
        var proxy = new RoundRobinProxy(nodes);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        proxy.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        proxy._app = builder.Build();
        proxy._app.UseWebSockets();
        proxy._app.Run(proxy.ForwardAsync);
        await proxy._app.StartAsync();
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var (name, address) = _nodes[(int)((uint)Interlocked.Increment(ref _turn) % (uint)_nodes.Count)];
        var target = new Uri(address, context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent());
        void PassedOn(int status)
        {
            lock (_requests) _requests.Add(new ProxiedRequest(name, context.Request.Method, context.Request.Path.Value ?? "", context.WebSockets.IsWebSocketRequest, status));
        }

        if (context.WebSockets.IsWebSocketRequest) await ForwardWebSocketAsync(context, target, PassedOn);
        else PassedOn(await ForwardHttpAsync(context, target));
    }

    private async Task<int> ForwardHttpAsync(HttpContext context, Uri target)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            request.Content = new StreamContent(context.Request.Body);
        }
        foreach (var (header, values) in context.Request.Headers)
        {
            if (NotForwarded.Contains(header)) continue;
            if (!request.Headers.TryAddWithoutValidation(header, values.ToArray())) request.Content?.Headers.TryAddWithoutValidation(header, values.ToArray());
        }
        foreach (var (header, value) in ForwardedHeaders(context)) request.Headers.TryAddWithoutValidation(header, value);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (header, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!NotForwarded.Contains(header)) context.Response.Headers[header] = values.ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        return (int)response.StatusCode;
    }

    /// <summary>Opens the same stream on the node and passes frames both ways; a stream is counted once open, not when it ends.</summary>
    private static async Task ForwardWebSocketAsync(HttpContext context, Uri target, Action<int> passedOn)
    {
        using var upstream = new ClientWebSocket();
        upstream.Options.CollectHttpResponseDetails = true;
        foreach (var (header, value) in ForwardedHeaders(context)) upstream.Options.SetRequestHeader(header, value);
        if (context.Request.Headers.Cookie.Count > 0) upstream.Options.SetRequestHeader("Cookie", context.Request.Headers.Cookie.ToString());
        try
        {
            await upstream.ConnectAsync(new UriBuilder(target) { Scheme = "ws" }.Uri, context.RequestAborted);
        }
        catch (WebSocketException)
        {
            // The node refused the upgrade (an expired token, say): the browser sees its answer.
            context.Response.StatusCode = upstream.HttpStatusCode is 0 ? StatusCodes.Status502BadGateway : (int)upstream.HttpStatusCode;
            passedOn(context.Response.StatusCode);
            return;
        }

        using var downstream = await context.WebSockets.AcceptWebSocketAsync(upstream.SubProtocol);
        passedOn(StatusCodes.Status101SwitchingProtocols);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var first = await Task.WhenAny(PumpAsync(upstream, downstream, done.Token), PumpAsync(downstream, upstream, done.Token));
        await done.CancelAsync();
        await first;
    }

    /// <summary>Frames from one side to the other until either closes; a close is passed on.</summary>
    private static async Task PumpAsync(WebSocket from, WebSocket to, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var received = await from.ReceiveAsync(buffer, ct);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (to.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await to.CloseOutputAsync(received.CloseStatus ?? WebSocketCloseStatus.NormalClosure, received.CloseStatusDescription, CancellationToken.None);
                    }
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, ct);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // One side went away: the other side's pump ends with it.
        }
    }

    /// <summary>What the proxy received, for the node to trust (it knows the proxy's address).</summary>
    private static IEnumerable<(string Header, string Value)> ForwardedHeaders(HttpContext context)
    {
        yield return ("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString() ?? "");
        yield return ("X-Forwarded-Proto", context.Request.Scheme);
        yield return ("X-Forwarded-Host", context.Request.Host.Value ?? "");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
