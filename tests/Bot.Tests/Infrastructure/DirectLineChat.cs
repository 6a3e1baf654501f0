using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// A chat as the page holds it: a token from POST /chat/token, a conversation started with it,
/// then activities posted and the bot's replies read over the WebSocket stream or by polling.
/// </summary>
public sealed class DirectLineChat : IAsyncDisposable
{
    private readonly HttpClient _http;
    private ClientWebSocket? _socket;
    private string? _watermark;

    private DirectLineChat(HttpClient http, JsonElement session, JsonElement conversation)
    {
        _http = http;
        Session = session;
        ConversationId = conversation.GetProperty("conversationId").GetString()!;
        Token = conversation.GetProperty("token").GetString()!;
        StreamUrl = conversation.GetProperty("streamUrl").GetString()!;
    }

    /// <summary>What /chat/token answered (userId, visitor, invitation, survey).</summary>
    public JsonElement Session { get; }

    public string ConversationId { get; }

    public string Token { get; }

    public string StreamUrl { get; }

    public string UserId => Session.GetProperty("userId").GetString()!;

    public static async Task<JsonElement> TokenAsync(HttpClient http, object? body = null)
    {
        using var response = await http.PostAsJsonAsync("/chat/token", body ?? new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<DirectLineChat> StartAsync(HttpClient http, object? tokenRequest = null)
    {
        var session = await TokenAsync(http, tokenRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.GetProperty("token").GetString());
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new DirectLineChat(http, session, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task ConnectAsync()
    {
        _socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.ConnectAsync(new Uri(StreamUrl), timeout.Token);
    }

    public Task<HttpResponseMessage> SendEventAsync(string name, object value) =>
        PostAsync(new { type = "event", name, value, from = new { id = UserId, role = "user" } });

    public Task<HttpResponseMessage> SendTextAsync(string text) =>
        PostAsync(new { type = "message", text, from = new { id = UserId, role = "user" } });

    public async Task<HttpResponseMessage> PostAsync(object activity, string? conversationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversationId ?? ConversationId}/activities")
        {
            Content = JsonContent.Create(activity),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return await _http.SendAsync(request);
    }

    /// <summary>
    /// The bot's messages up to and including the one <paramref name="isLast"/> picks (by default
    /// the next question: inputHint expectingInput), from the stream when connected, else by polling.
    /// </summary>
    public async Task<List<JsonElement>> ReceiveBotTurnAsync(Func<JsonElement, bool>? isLast = null)
    {
        isLast ??= a => a.TryGetProperty("inputHint", out var hint) && hint.GetString() == "expectingInput";
        var replies = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var activity in await NextActivitiesAsync())
            {
                if (activity.GetProperty("from").GetProperty("role").GetString() != "bot" || activity.GetProperty("type").GetString() != "message") continue;
                replies.Add(activity);
                if (isLast(activity)) return replies;
            }
        }
        throw new TimeoutException("The bot did not finish its turn. Got: " + string.Join(" | ", replies.Select(Text)));
    }

    public static string Text(JsonElement activity) =>
        activity.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "";

    public static string[] Buttons(JsonElement activity) =>
        activity.TryGetProperty("suggestedActions", out var actions)
            ? [.. actions.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()!)]
            : [];

    private async Task<IEnumerable<JsonElement>> NextActivitiesAsync()
    {
        if (_socket is not null)
        {
            var frame = await ReceiveFrameAsync(_socket);
            return frame.Length == 0 ? [] : JsonDocument.Parse(frame).RootElement.Clone().GetProperty("activities").EnumerateArray().ToList();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{ConversationId}/activities" + (_watermark is null ? "" : "?watermark=" + _watermark));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var set = await response.Content.ReadFromJsonAsync<JsonElement>();
        _watermark = set.GetProperty("watermark").GetString();
        var activities = set.GetProperty("activities").EnumerateArray().ToList();
        if (activities.Count == 0) await Task.Delay(100);
        return activities;
    }

    private static Task<string> ReceiveFrameAsync(ClientWebSocket socket) =>
        CoProduction.Testing.WebSocketFrames.ReceiveAsync(socket, TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        if (_socket is { State: WebSocketState.Open })
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server may already have gone; nothing to clean up.
            }
        }
        _socket?.Dispose();
    }
}
