using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Bot.Tests.WebChat;

/// <summary>
/// Two services on one store, as two nodes behind a round-robin proxy: every Direct Line call
/// may land on either, and the chat and its limits behave as on one node.
/// </summary>
public sealed class WebChatAcrossNodesTests : IDisposable
{
    private const string Secret = "across-nodes-direct-line-secret-0123456789";
    private readonly ServiceFactory _a = new();
    private readonly ServiceFactory _b = new();

    public WebChatAcrossNodesTests()
    {
        _a.Settings["DirectLine:Secret"] = Secret;
        _b.Settings["DirectLine:Secret"] = Secret;
        _a.Settings["DirectLine:TokenRequestsPerMinute"] = "4";
        _b.Settings["DirectLine:TokenRequestsPerMinute"] = "4";
        _b.Settings["ConnectionStrings:Store"] = $"Data Source={Path.Combine(_a.DataDirectory, "store.db")}";
        // One clock for both nodes, held in the middle of a minute: the start limit counts per
        // one-minute window, and a real minute rolling over mid-test gave four more starts.
        var now = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddSeconds(30));
        _a.ExtraServices = _b.ExtraServices = services => services.AddSingleton<TimeProvider>(clock);
        // The first node makes the schema before the second starts.
        _ = _a.Server;
    }

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string bearer, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    [Fact]
    public async Task AChatWhoseRequestsAlternateBetweenNodes_GoesOnAsOnOne()
    {
        var (a, b) = (_a.CreateClient(), _b.CreateClient());
        using var started = await a.SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", Secret, new { user = new { id = "dl_alice" } }));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var conversation = await started.Content.ReadFromJsonAsync<JsonElement>();
        var id = conversation.GetProperty("conversationId").GetString()!;
        var token = conversation.GetProperty("token").GetString()!;

        using var reconnect = await b.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{id}", token));
        using var posted = await b.SendAsync(Request(HttpMethod.Post, $"/v3/directline/conversations/{id}/activities", token,
            new { type = "message", from = new { id = "dl_alice" }, text = "HELP" }));
        using var read = await a.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{id}/activities", token));

        Assert.Equal(HttpStatusCode.OK, reconnect.StatusCode);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var activities = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activities").EnumerateArray().ToList();
        var texts = activities.Select(x => x.TryGetProperty("text", out var t) ? t.GetString() : null).ToList();
        Assert.Contains("HELP", texts);
        // The bot answered on node B, and node A reads that answer after the person's message.
        Assert.True(texts.IndexOf("HELP") < texts.Count - 1, "no reply after the message: " + string.Join(" | ", texts));
    }

    [Fact]
    public async Task TheChatStartLimitPerAddress_HoldsAcrossNodes()
    {
        var clients = new[] { _a.CreateClient(), _b.CreateClient() };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await clients[i % 2].SendAsync(Request(HttpMethod.Post, "/v3/directline/tokens/generate", Secret));
            statuses.Add(response.StatusCode);
        }

        // Four a minute in all, not four on each node.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task AStartOverTheLimit_IsRefusedWithAPlainReason_AndCountsTokensAndStartsTogether()
    {
        var clients = new[] { _a.CreateClient(), _b.CreateClient() };
        for (var i = 0; i < 4; i++)
        {
            // Tokens and starts count together: two of each, on alternate nodes.
            var path = i < 2 ? "/v3/directline/tokens/generate" : "/v3/directline/conversations";
            using var allowed = await clients[i % 2].SendAsync(Request(HttpMethod.Post, path, Secret));
            Assert.True(allowed.IsSuccessStatusCode, $"request {i + 1} was refused: {allowed.StatusCode}");
        }

        using var refused = await clients[0].SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", Secret));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("Too many chats were started from this address. Please wait a minute and try again.", error.GetProperty("message").GetString());
    }
}
