using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CoProduction.Channels.Tests.DirectLine;

public class DirectLineStreamTests
{
    [Fact]
    public async Task Stream_ReceivesTheEchoedUserActivityAndTheBotReply()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        using var socket = await DirectLineTestApp.ConnectAsync(conversation.StreamUrl);
        var greeting = await DirectLineTestApp.ReceiveActivitiesAsync(socket, 1);
        Assert.Equal("Hello! Say anything.", greeting[0].GetProperty("text").GetString());

        var (_, posted) = await app.PostMessageAsync(conversation, "yes pls", clientActivityId: "web-1");

        var activities = await DirectLineTestApp.ReceiveActivitiesAsync(socket, 2);
        Assert.Equal(posted.GetProperty("id").GetString(), activities[0].GetProperty("id").GetString());
        Assert.Equal("web-1", activities[0].GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.Equal("user", activities[0].GetProperty("from").GetProperty("role").GetString());
        Assert.Equal("You said: yes pls", activities[1].GetProperty("text").GetString());
        Assert.Equal(2, activities[1].GetProperty("suggestedActions").GetProperty("actions").GetArrayLength());
    }

    [Fact]
    public async Task Stream_FramesAreActivitySetsWithAStringWatermark()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        using var socket = await DirectLineTestApp.ConnectAsync(conversation.StreamUrl);

        var frame = await DirectLineTestApp.ReceiveFrameAsync(socket);

        var set = JsonDocument.Parse(frame).RootElement;
        Assert.Equal(JsonValueKind.Array, set.GetProperty("activities").ValueKind);
        Assert.Equal(JsonValueKind.String, set.GetProperty("watermark").ValueKind);
    }

    [Fact]
    public async Task Reconnect_WithAWatermark_ReceivesOnlyNewerActivities()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        await app.PostMessageAsync(conversation, "one");
        var (_, sofar) = await app.PollAsync(conversation);
        var watermark = sofar.GetProperty("watermark").GetString();
        await app.PostMessageAsync(conversation, "two");

        var (_, reconnected) = await app.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}?watermark={watermark}", conversation.Token);
        using var socket = await DirectLineTestApp.ConnectAsync(reconnected.GetProperty("streamUrl").GetString()!);

        var frame = JsonDocument.Parse(await DirectLineTestApp.ReceiveFrameAsync(socket)).RootElement;
        var texts = frame.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Equal(["two", "You said: two"], texts);
        Assert.True(long.Parse(frame.GetProperty("watermark").GetString()!) > long.Parse(watermark!));
    }

    [Fact]
    public async Task Stream_SendsEmptyKeepAlives_AndIgnoresTheClientsEmptyMessages()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        using var socket = await DirectLineTestApp.ConnectAsync(conversation.StreamUrl);
        await DirectLineTestApp.ReceiveActivitiesAsync(socket, 1);

        // directlinejs pings with empty messages; they must not break anything.
        await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("null"), WebSocketMessageType.Text, true, CancellationToken.None);

        // The server's keep-alive timer runs on the fake clock: let a little real time pass for the
        // timer to be armed, then move the clock on.
        string frame;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var receive = DirectLineTestApp.ReceiveFrameAsync(socket);
        do
        {
            app.Time.Advance(TimeSpan.FromSeconds(30));
        }
        while (await Task.WhenAny(receive, Task.Delay(100)) != receive && DateTime.UtcNow < deadline);

        frame = await receive;
        Assert.Equal(string.Empty, frame);

        await app.PostMessageAsync(conversation, "still here");
        var after = await DirectLineTestApp.ReceiveActivitiesAsync(socket, 2);
        Assert.Equal("still here", after[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Stream_ClosedByItsClient_AnswersTheCloseNormally_AfterAClientMessageLongerThanItsReadBuffer()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        using var socket = await DirectLineTestApp.ConnectAsync(conversation.StreamUrl);
        await DirectLineTestApp.ReceiveActivitiesAsync(socket, 1);

        // What a client sends is read and ignored, whatever its length (read in pieces): the stream goes on.
        await socket.SendAsync(Encoding.UTF8.GetBytes(new string('x', 5_000)), WebSocketMessageType.Text, true, CancellationToken.None);
        await app.PostMessageAsync(conversation, "after a long frame");
        var after = await DirectLineTestApp.ReceiveActivitiesAsync(socket, 2);
        Assert.Equal("after a long frame", after[0].GetProperty("text").GetString());

        // The visitor leaves: the server answers the close at once (the stream's loop ends on the client's close).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("Goodbye.", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task TwoTabsOfOneChat_GetEveryActivityOnceAndInOrder_WhileMessagesArriveAtOnce_AndOneTabCloses()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        using var stays = await DirectLineTestApp.ConnectAsync(conversation.StreamUrl);
        using var leaves = await DirectLineTestApp.ConnectAsync(conversation.StreamUrl);
        var greeting = JsonDocument.Parse(await DirectLineTestApp.ReceiveFrameAsync(stays)).RootElement;
        await DirectLineTestApp.ReceiveActivitiesAsync(leaves, 1);

        // Twenty messages at once (each an echo and a reply), while one tab reads a little and closes.
        var posts = Enumerable.Range(1, 20).Select(i => app.PostMessageAsync(conversation, $"m{i}")).ToList();
        await DirectLineTestApp.ReceiveActivitiesAsync(leaves, 2);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await leaves.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        }

        Assert.All(await Task.WhenAll(posts), p => Assert.Equal(HttpStatusCode.OK, p.Status));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, leaves.CloseStatus);
        Assert.Equal("Goodbye.", leaves.CloseStatusDescription);

        // The tab that stayed has every message and its reply, each once and in order: every frame's watermark
        // after the one before, and the last one 42 activities on from the greeting's.
        await app.PostMessageAsync(conversation, "last");
        static long Watermark(JsonElement set) => long.Parse(set.GetProperty("watermark").GetString()!);
        var watermarks = new List<long> { Watermark(greeting) };
        var activities = new List<JsonElement>();
        while (activities.Count < 42)
        {
            var frame = await DirectLineTestApp.ReceiveFrameAsync(stays);
            if (frame.Length == 0) continue;
            var set = JsonDocument.Parse(frame).RootElement.Clone();
            Assert.True(Watermark(set) > watermarks[^1]);
            watermarks.Add(Watermark(set));
            activities.AddRange(set.GetProperty("activities").EnumerateArray());
        }

        Assert.Equal(42, activities.Count);
        Assert.Equal(watermarks[0] + 42, watermarks[^1]);
        var texts = activities.Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.All(Enumerable.Range(1, 20), i =>
        {
            Assert.Single(texts, $"m{i}");
            Assert.Single(texts, $"You said: m{i}");
            Assert.True(texts.IndexOf($"m{i}") < texts.IndexOf($"You said: m{i}"));
        });
        Assert.Equal(["last", "You said: last"], texts[^2..]);
    }

    [Fact]
    public async Task Typing_FromOneClient_ReachesTheStream()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        using var socket = await DirectLineTestApp.ConnectAsync(conversation.StreamUrl);
        await DirectLineTestApp.ReceiveActivitiesAsync(socket, 1);

        await app.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{conversation.Id}/activities", conversation.Token, new { type = "typing", from = new { id = "dl_person1" } });

        var typing = Assert.Single(await DirectLineTestApp.ReceiveActivitiesAsync(socket, 1));
        Assert.Equal("typing", typing.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Stream_IsRefused_WithAnotherConversationsStreamToken()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var mine = await app.StartConversationAsync("dl_me");
        var theirs = await app.StartConversationAsync("dl_them");
        var query = new Uri(mine.StreamUrl).Query;
        var forged = new UriBuilder(theirs.StreamUrl) { Query = query.TrimStart('?') }.Uri;

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(forged, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Stream_IsRefused_WithAConversationTokenInsteadOfAStreamToken_OrAfterTheStreamTokenExpires()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var withConversationToken = new Uri($"ws://{app.BaseAddress.Authority}/v3/directline/conversations/{conversation.Id}/stream?t={Uri.EscapeDataString(conversation.Token)}");

        using var first = new ClientWebSocket();
        first.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => first.ConnectAsync(withConversationToken, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, first.HttpStatusCode);

        app.Time.Advance(TimeSpan.FromMinutes(3));
        using var late = new ClientWebSocket();
        late.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => late.ConnectAsync(new Uri(conversation.StreamUrl), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, late.HttpStatusCode);
    }

    [Fact]
    public async Task Stream_IsRefused_FromAPageOnAnOriginThatIsNotAllowed()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", "https://evil.example.com");
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(conversation.StreamUrl), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }
}
