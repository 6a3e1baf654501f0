using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.WebChat;

/// <summary>
/// A chat turn as Web Chat makes it, on a real Kestrel port: its echo and replies reach the
/// WebSocket once each, kept in the turn's own write; a message carrying a NUL (escaped in any
/// case, or raw) is refused before anything is kept.
/// </summary>
public sealed class ChatTurnWritesTests : IDisposable
{
    private readonly KestrelServiceFactory _service = new();

    public void Dispose() => _service.Dispose();

    private async Task<T> Db<T>(Func<StoreDbContext, Task<T>> query)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }

    private static async Task<List<JsonElement>> FramesAsync(ClientWebSocketReader socket, Func<List<JsonElement>, bool> enough)
    {
        var seen = new List<JsonElement>();
        while (!enough(seen)) seen.AddRange(await socket.NextAsync());
        // Anything sent twice would come straight after: a short wait for stragglers.
        seen.AddRange(await socket.NextAsync(TimeSpan.FromMilliseconds(700)));
        return seen;
    }

    [Fact]
    public async Task TheStream_DeliversTheVisitorsEchoAndEachReplyOnce_AsTheHistoryKeepsThem()
    {
        _service.Start();
        await using var chat = await DirectLineChat.StartAsync(_service.Client());
        await chat.SendEventAsync("startSurvey", new { survey = "checkin", language = "en" });
        await chat.ReceiveBotTurnAsync();
        using var socket = await ClientWebSocketReader.ConnectAsync(chat.StreamUrl + "&watermark=" + await WatermarkAsync(chat));

        Assert.Equal(HttpStatusCode.OK, (await chat.SendTextAsync("4")).StatusCode);
        var frames = await FramesAsync(socket, seen => seen.Any(a => a.GetProperty("from").GetProperty("role").GetString() == "bot"));

        var ids = frames.Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Distinct(), ids);
        Assert.Equal("4", DirectLineChat.Text(frames[0]));
        Assert.Equal("user", frames[0].GetProperty("from").GetProperty("role").GetString());
        Assert.StartsWith("Do you feel safe", DirectLineChat.Text(frames[^1]));
        // What the stream gave is what a reader of the history gets after the same watermark.
        var kept = await HistoryAfterAsync(chat, frames.Count);
        Assert.Equal(ids, kept);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"text\":\"4\\u0000\",\"from\":{\"id\":\"x\"}}")]
    [InlineData("{\"type\":\"message\",\"text\":\"4\\U0000\",\"from\":{\"id\":\"x\"}}")]
    [InlineData("{\"type\":\"message\",\"text\":\"\\u0000\",\"from\":{\"id\":\"x\"}}")]
    [InlineData("{\"type\":\"message\",\"text\":\"4\0\",\"from\":{\"id\":\"x\"}}")]
    public async Task AChatMessageWithANul_EscapedInAnyCaseOrRaw_Gets400_AndKeepsNothing(string body)
    {
        _service.Start();
        await using var chat = await DirectLineChat.StartAsync(_service.Client());
        var before = await Db(async db => (await db.WebChatActivities.CountAsync(), await db.InboundMessages.CountAsync(), await db.Answers.CountAsync()));

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/activities")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", chat.Token);
        using var response = await _service.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("NUL", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await Db(async db => (await db.WebChatActivities.CountAsync(), await db.InboundMessages.CountAsync(), await db.Answers.CountAsync())));
    }

    private async Task<string> WatermarkAsync(DirectLineChat chat)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{chat.ConversationId}/activities");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", chat.Token);
        using var response = await _service.Client().SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("watermark").GetString()!;
    }

    /// <summary>The ids of the last <paramref name="count"/> activities kept.</summary>
    private async Task<List<string?>> HistoryAfterAsync(DirectLineChat chat, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{chat.ConversationId}/activities");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", chat.Token);
        using var response = await _service.Client().SendAsync(request);
        var all = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("activities").EnumerateArray()
            .Select(a => a.GetProperty("id").GetString()).ToList();
        return all[^count..];
    }

    /// <summary>A WebSocket on the chat's stream, read frame by frame.</summary>
    private sealed class ClientWebSocketReader : IDisposable
    {
        private readonly System.Net.WebSockets.ClientWebSocket _socket = new();

        public static async Task<ClientWebSocketReader> ConnectAsync(string url)
        {
            var reader = new ClientWebSocketReader();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await reader._socket.ConnectAsync(new Uri(url), timeout.Token);
            return reader;
        }

        /// <summary>The activities of the next frame (none for a keep-alive, or when nothing comes within <paramref name="wait"/>).</summary>
        public async Task<List<JsonElement>> NextAsync(TimeSpan? wait = null)
        {
            string frame;
            try
            {
                frame = await CoProduction.Testing.WebSocketFrames.ReceiveAsync(_socket, wait ?? TimeSpan.FromSeconds(15));
            }
            catch (Exception e) when (wait is not null && e is OperationCanceledException or TimeoutException)
            {
                return [];
            }
            return frame.Length == 0 ? [] : [.. JsonDocument.Parse(frame).RootElement.Clone().GetProperty("activities").EnumerateArray()];
        }

        public void Dispose() => _socket.Dispose();
    }
}
