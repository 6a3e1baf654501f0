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
    private readonly FakeTimeProvider _clock;

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
        var clock = _clock = new FakeTimeProvider(new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddSeconds(30));
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

    private static async Task<(string Id, string Token)> StartAsync(HttpClient client, string user)
    {
        using var started = await client.SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", Secret, new { user = new { id = user } }));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var conversation = await started.Content.ReadFromJsonAsync<JsonElement>();
        return (conversation.GetProperty("conversationId").GetString()!, conversation.GetProperty("token").GetString()!);
    }

    private static async Task<(List<JsonElement> Activities, string? Watermark)> PollAsync(HttpClient client, string id, string token, string? watermark)
    {
        using var read = await client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{id}/activities" + (watermark is null ? "" : "?watermark=" + watermark), token));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var set = await read.Content.ReadFromJsonAsync<JsonElement>();
        return (set.GetProperty("activities").EnumerateArray().ToList(), set.TryGetProperty("watermark", out var w) ? w.GetString() : null);
    }

    [Fact]
    public async Task TwoPollingVisitors_PostingAndPollingOnEitherNode_EachGetEveryActivityOfTheirOwnChatOnce_InOrder()
    {
        var nodes = new[] { _a.CreateClient(), _b.CreateClient() };
        var visitors = new[] { await StartAsync(nodes[0], "dl_alice"), await StartAsync(nodes[1], "dl_bob") };
        var polled = new[] { new List<JsonElement>(), new List<JsonElement>() };
        var watermarks = new string?[2];
        string[] script = ["CHECKIN", "HELP", "4", "yes", "HELP", "1", "3", "skip"];
        for (var turn = 0; turn < script.Length * 2; turn++)
        {
            var v = turn % 2;
            var (id, token) = visitors[v];
            // Posted on one node; polled on the same one, the other one, or (now and then) not at once.
            using var posted = await nodes[turn / 2 % 2].SendAsync(Request(HttpMethod.Post, $"/v3/directline/conversations/{id}/activities", token,
                new { type = "message", from = new { id = v == 0 ? "dl_alice" : "dl_bob" }, text = script[turn / 2], channelData = new { clientActivityID = $"client-{turn}" } }));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            if (turn % 5 == 4) continue;
            var (activities, watermark) = await PollAsync(nodes[turn / 3 % 2], id, token, watermarks[v]);
            polled[v].AddRange(activities);
            watermarks[v] = watermark ?? watermarks[v];
        }

        for (var v = 0; v < 2; v++)
        {
            var (id, token) = visitors[v];
            foreach (var node in nodes)
            {
                while (true)
                {
                    var (activities, watermark) = await PollAsync(node, id, token, watermarks[v]);
                    if (activities.Count == 0) break;
                    polled[v].AddRange(activities);
                    watermarks[v] = watermark;
                }
            }

            var (everything, last) = await PollAsync(nodes[v], id, token, watermark: null);
            Assert.Equal(last, watermarks[v]);
            Assert.Equal(everything.Select(a => a.GetProperty("id").GetString()), polled[v].Select(a => a.GetProperty("id").GetString()));
            Assert.Equal(everything.Count, polled[v].Select(a => a.GetProperty("id").GetString()).Distinct().Count());
            Assert.All(polled[v], a => Assert.Equal(id, a.GetProperty("conversation").GetProperty("id").GetString()));
            // Every message the visitor posted is there once, in the order posted, each with a reply after it.
            var mine = polled[v].Select((a, i) => (a, i)).Where(x => x.a.GetProperty("from").GetProperty("id").GetString() != "coproduction-bot").ToList();
            Assert.Equal(Enumerable.Range(0, script.Length).Select(n => $"client-{n * 2 + v}"),
                mine.Select(x => x.a.GetProperty("channelData").GetProperty("clientActivityID").GetString()));
            Assert.All(mine, x => Assert.True(x.i + 1 < polled[v].Count && polled[v][x.i + 1].GetProperty("from").GetProperty("id").GetString() == "coproduction-bot"));
        }
    }

    [Fact]
    public async Task APollWithABadWatermark_OrForAnotherVisitorsChat_GetsA4xx_OnEitherNode()
    {
        var nodes = new[] { _a.CreateClient(), _b.CreateClient() };
        var (alice, aliceToken) = await StartAsync(nodes[0], "dl_alice");
        var (bob, _) = await StartAsync(nodes[1], "dl_bob");
        using (var posted = await nodes[0].SendAsync(Request(HttpMethod.Post, $"/v3/directline/conversations/{alice}/activities", aliceToken,
            new { type = "message", from = new { id = "dl_alice" }, text = "HELP" })))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        foreach (var node in nodes)
        {
            foreach (var bad in new[] { "abc", "-1", "1.5", "99999999999999999999", "%20" })
            {
                using var read = await node.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{alice}/activities?watermark={bad}", aliceToken));
                Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
            }
            // A watermark past the history (from an older conversation, or made up): nothing, and the client keeps its place.
            var (none, kept) = await PollAsync(node, alice, aliceToken, long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(none);
            Assert.Equal(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), kept);
            using (var foreign = await node.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{bob}/activities?watermark=0", aliceToken)))
            {
                Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
            }
            using (var unknown = await node.SendAsync(Request(HttpMethod.Get, "/v3/directline/conversations/nobody-knows-this-one/activities?watermark=0", Secret)))
            {
                Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            }
        }
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

    [Fact]
    public async Task ACrowdOfStartsFromOneAddress_OnBothNodesAtOnce_GetsExactlyTheLimit()
    {
        var clients = new[] { _a.CreateClient(), _b.CreateClient() };

        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            using var response = await clients[i % 2].SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", Secret));
            return response.StatusCode;
        }));

        // Each start is counted in its own write: four started in all, whichever node took them, and the rest refused.
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(8, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task AStartRefusedOverTheLimit_StartsNothing_AndItsTokenStartsTheChatInTheNextMinute()
    {
        var (a, b) = (_a.CreateClient(), _b.CreateClient());
        using var generated = await a.SendAsync(Request(HttpMethod.Post, "/v3/directline/tokens/generate", Secret, new { user = new { id = "dl_late" } }));
        var issued = await generated.Content.ReadFromJsonAsync<JsonElement>();
        var (id, token) = (issued.GetProperty("conversationId").GetString()!, issued.GetProperty("token").GetString()!);
        for (var i = 0; i < 3; i++)
        {
            using var other = await b.SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", Secret));
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        }

        using var refused = await b.SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", token));
        using var notStarted = await a.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{id}", token));
        _clock.Advance(TimeSpan.FromMinutes(1));
        using var started = await a.SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", token));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.NotFound, notStarted.StatusCode);
        // A new minute: the same token starts its conversation, as new (the refused start kept nothing).
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(id, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task APageReloadsStartOfTheSameChat_CountsAsARequest_OnEitherNode()
    {
        var clients = new[] { _a.CreateClient(), _b.CreateClient() };
        using var generated = await clients[0].SendAsync(Request(HttpMethod.Post, "/v3/directline/tokens/generate", Secret));
        var token = (await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await clients[(i + 1) % 2].SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", token));
            statuses.Add(response.StatusCode);
        }

        // The token and three starts make four: the first start is new, the reloads find it, the fifth request is over.
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task StartsRefusedForTheirToken_DoNotUseUpTheAddresssStarts()
    {
        var clients = new[] { _a.CreateClient(), _b.CreateClient() };
        for (var i = 0; i < 4; i++)
        {
            // A page left open past its token's life, or a made-up token: refused before anything is counted.
            using var refused = await clients[i % 2].SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", "not-a-token-" + i));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var generated = await clients[0].SendAsync(Request(HttpMethod.Post, "/v3/directline/tokens/generate", Secret));
        using var started = await clients[1].SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", Secret));

        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
    }
}
