using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using CoProduction.Testing;

namespace CoProduction.Bot.FaultTests.Infrastructure;

/// <summary>Direct Line 3.0 calls as a client makes them, against whichever node is given.</summary>
public static class DirectLine
{
    public static async Task<JsonElement> SendAsync(Node node, HttpMethod method, string path, string bearer, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await node.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} on node {node.Name}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> PostTextAsync(Node node, string conversationId, string token, string userId, string text) =>
        SendAsync(node, HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", token,
            new { type = "message", from = new { id = userId }, text });

    public static string? Text(JsonElement activity) => activity.TryGetProperty("text", out var t) ? t.GetString() : null;

    public static string From(JsonElement activity) => activity.GetProperty("from").GetProperty("id").GetString()!;

    /// <summary>Reads stream frames until <paramref name="done"/> holds for what arrived so far.</summary>
    public static async Task<List<JsonElement>> ReadStreamUntilAsync(ClientWebSocket socket, Func<List<JsonElement>, bool> done, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var seen = new List<JsonElement>();
        while (!done(seen))
        {
            string json;
            try
            {
                var left = deadline - DateTime.UtcNow;
                json = await WebSocketFrames.ReceiveAsync(socket, left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The stream did not bring what was expected; it brought: " + string.Join(" | ", seen.Select(a => $"{From(a)}: {Text(a)}")));
            }
            if (json.Length == 0) continue; // keep-alive
            seen.AddRange(JsonDocument.Parse(json).RootElement.GetProperty("activities").EnumerateArray().Select(a => a.Clone()));
        }
        return seen;
    }
}
