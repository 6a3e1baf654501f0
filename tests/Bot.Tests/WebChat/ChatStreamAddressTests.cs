using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.WebChat;

/// <summary>
/// The chat's stream is the service's one WebSocket, and the middleware that offers the upgrade runs for its address
/// only: on a real Kestrel port, a WebSocket opened anywhere else is refused with a 4xx (that address's own answer,
/// never a socket), a plain request to the stream is told to open it with a WebSocket client, and the stream itself
/// still opens and delivers the chat.
/// </summary>
public sealed class ChatStreamAddressTests : IDisposable
{
    private readonly KestrelServiceFactory _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task AWebSocketOpenedAnywhereButTheStream_IsRefusedWithA4xx_AndTheStreamStillOpensAndDelivers()
    {
        _service.Start();
        using var http = _service.Client();
        await using var chat = await DirectLineChat.StartAsync(http);
        var stream = new Uri(chat.StreamUrl);
        var streamToken = System.Web.HttpUtility.ParseQueryString(stream.Query)["t"];

        foreach (var path in new[]
        {
            "/chat/token",                                                          // a POST-only address
            "/v3/directline/tokens/generate",                                       // the same, under Direct Line
            $"/v3/directline/conversations/{chat.ConversationId}/activities?t={streamToken}", // the chat's own history, without its Bearer token
            "/v3/directline/conversations/nowhere/stream-not",                      // no such address
            "/twilio/sms",                                                          // a webhook
        })
        {
            var status = await RefusedStatusAsync(new UriBuilder(stream) { Path = path.Split('?')[0], Query = path.Contains('?') ? path.Split('?')[1] : "" }.Uri);
            Assert.True(status is >= 400 and < 500, $"A WebSocket opened at {path.Split('?')[0]} was answered {status}, not a 4xx.");
        }

        // A plain request to the stream is told what it is.
        using (var plain = await http.GetAsync(new UriBuilder(stream) { Scheme = "http" }.Uri))
        {
            Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
            Assert.Contains("WebSocket", await plain.Content.ReadAsStringAsync());
        }

        // The stream opens, and the visitor's message and the bot's answer reach it.
        using var socket = new ClientWebSocket();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await socket.ConnectAsync(stream, timeout.Token);
        }
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal(HttpStatusCode.OK, (await chat.SendTextAsync("hello")).StatusCode);
        var seen = new List<JsonElement>();
        while (!seen.Any(a => a.GetProperty("from").GetProperty("role").GetString() == "bot"))
        {
            var frame = await CoProduction.Testing.WebSocketFrames.ReceiveAsync(socket, TimeSpan.FromSeconds(15));
            if (frame.Length > 0) seen.AddRange(JsonDocument.Parse(frame).RootElement.Clone().GetProperty("activities").EnumerateArray());
        }
        Assert.Equal("hello", DirectLineChat.Text(seen[0]));
    }

    /// <summary>The status a WebSocket handshake at <paramref name="address"/> was answered with; fails if the socket opened.</summary>
    private static async Task<int> RefusedStatusAsync(Uri address)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(address, timeout.Token));
        return (int)socket.HttpStatusCode;
    }
}
