using System.Net;
using System.Text.Json;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Tests.DirectLine;

public class DirectLineEndpointsTests
{
    private const string Base = "/v3/directline";

    [Fact]
    public async Task Generate_ReturnsTokenForNewConversation_WithTheSecret()
    {
        await using var app = await DirectLineTestApp.StartAsync();

        var (status, body) = await app.SendAsync(HttpMethod.Post, $"{Base}/tokens/generate", DirectLineTestApp.Secret, new { user = new { id = "dl_a" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("conversationId").GetString()));
        Assert.Equal(3, body.GetProperty("token").GetString()!.Split('.').Length);
        Assert.Equal(1800, body.GetProperty("expires_in").GetInt32());
    }

    [Theory]
    [InlineData("not-the-secret-at-all-0000")]
    [InlineData(null)]
    public async Task Generate_Returns403WithErrorBody_WithoutTheSecret(string? bearer)
    {
        await using var app = await DirectLineTestApp.StartAsync();

        var (status, body) = await app.SendAsync(HttpMethod.Post, $"{Base}/tokens/generate", bearer);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertError(body, "BadToken");
    }

    [Fact]
    public async Task Generate_Returns403_WhenATokenIsUsedInsteadOfTheSecret()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();

        var (status, _) = await app.SendAsync(HttpMethod.Post, $"{Base}/tokens/generate", conversation.Token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task StartConversation_WithToken_StartsTheTokensConversationAndGreetsTheUser()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var (_, generated) = await app.SendAsync(HttpMethod.Post, $"{Base}/tokens/generate", DirectLineTestApp.Secret, new { user = new { id = "dl_sam", name = "Sam" } });
        var token = generated.GetProperty("token").GetString();

        var (status, started) = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations", token);

        Assert.Equal(HttpStatusCode.Created, status);
        var id = started.GetProperty("conversationId").GetString()!;
        Assert.Equal(generated.GetProperty("conversationId").GetString(), id);
        Assert.StartsWith($"ws://{app.BaseAddress.Authority}{Base}/conversations/{id}/stream?t=", started.GetProperty("streamUrl").GetString());
        Assert.Equal(1800, started.GetProperty("expires_in").GetInt32());

        // As on Azure: one conversationUpdate adding the bot, one adding the named user.
        var updates = app.Bot.Received.Where(a => a.Type == ActivityTypes.ConversationUpdate).ToList();
        Assert.Equal(2, updates.Count);
        Assert.Equal("coproduction-bot", updates[0].MembersAdded.Single().Id);
        Assert.Equal("dl_sam", updates[1].MembersAdded.Single().Id);
        Assert.Equal("directline", updates[1].ChannelId);

        // The greeting is in the history, from the bot.
        var (_, set) = await app.SendAsync(HttpMethod.Get, $"{Base}/conversations/{id}/activities", token);
        var greeting = Assert.Single(set.GetProperty("activities").EnumerateArray());
        Assert.Equal("Hello! Say anything.", greeting.GetProperty("text").GetString());
        Assert.Equal("bot", greeting.GetProperty("from").GetProperty("role").GetString());
    }

    [Fact]
    public async Task StartConversation_Twice_WithTheSameToken_ReturnsTheSameConversationWithoutGreetingAgain()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var before = app.Bot.Received.Count;

        var (status, again) = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations", conversation.Token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(conversation.Id, again.GetProperty("conversationId").GetString());
        Assert.Equal(before, app.Bot.Received.Count);
    }

    [Fact]
    public async Task StartConversation_WithTheSecret_ReturnsATokenForANewConversation()
    {
        await using var app = await DirectLineTestApp.StartAsync();

        var (status, started) = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations", DirectLineTestApp.Secret);

        Assert.Equal(HttpStatusCode.Created, status);
        var id = started.GetProperty("conversationId").GetString();
        var (pollStatus, _) = await app.SendAsync(HttpMethod.Get, $"{Base}/conversations/{id}/activities", started.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, pollStatus);
    }

    [Fact]
    public async Task PostActivity_ThenPoll_ReturnsTheEchoAndTheBotReply_WithIncreasingWatermarks()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var (_, first) = await app.PollAsync(conversation);
        var afterGreeting = first.GetProperty("watermark").GetString();

        var (status, posted) = await app.PostMessageAsync(conversation, "four", clientActivityId: "abc123");

        Assert.Equal(HttpStatusCode.OK, status);
        var postedId = posted.GetProperty("id").GetString();
        // Named before it is numbered (it is kept with the turn's replies): "conversation|m" and 16 hex digits.
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(conversation.Id)}\\|m[0-9a-f]{{16}}$", postedId);

        var (_, set) = await app.PollAsync(conversation, afterGreeting);
        var activities = set.GetProperty("activities").EnumerateArray().ToList();
        Assert.Equal(2, activities.Count);

        var echo = activities[0];
        Assert.Equal(postedId, echo.GetProperty("id").GetString());
        Assert.Equal("four", echo.GetProperty("text").GetString());
        Assert.Equal("user", echo.GetProperty("from").GetProperty("role").GetString());
        Assert.Equal("directline", echo.GetProperty("channelId").GetString());
        Assert.Equal(conversation.Id, echo.GetProperty("conversation").GetProperty("id").GetString());
        // Web Chat marks its message sent when this comes back with an id.
        Assert.Equal("abc123", echo.GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.Equal("2025-03-01T09:00:00.000Z", echo.GetProperty("channelData").GetProperty("clientTimestamp").GetString());
        Assert.True(echo.TryGetProperty("timestamp", out _));
        Assert.StartsWith(app.BaseAddress.ToString(), echo.GetProperty("serviceUrl").GetString());

        var reply = activities[1];
        Assert.Equal("You said: four", reply.GetProperty("text").GetString());
        Assert.Equal("bot", reply.GetProperty("from").GetProperty("role").GetString());
        Assert.Equal(postedId, reply.GetProperty("replyToId").GetString());
        Assert.Equal(["Yes", "No"], reply.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()));

        var watermarks = new[] { long.Parse(afterGreeting!), long.Parse(set.GetProperty("watermark").GetString()!) };
        Assert.True(watermarks[1] > watermarks[0]);
        Assert.NotEqual(echo.GetProperty("id").GetString(), reply.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Poll_WithTheLatestWatermark_ReturnsNothingAndKeepsTheWatermark()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        await app.PostMessageAsync(conversation, "hi");
        var (_, all) = await app.PollAsync(conversation);
        var watermark = all.GetProperty("watermark").GetString();

        var (status, none) = await app.PollAsync(conversation, watermark);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(none.GetProperty("activities").EnumerateArray());
        Assert.Equal(watermark, none.GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task PostActivity_StoresUserRole_WhenTheClientForgesTheBotRole()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();

        await app.PostMessageAsync(conversation, "I am the bot", from: new { id = "coproduction-bot", name = "CoProduction", role = "bot" });

        var (_, set) = await app.PollAsync(conversation);
        var forged = set.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("text").GetString() == "I am the bot");
        Assert.Equal("user", forged.GetProperty("from").GetProperty("role").GetString());
        // The token named the user, so that is who spoke, whatever the client claimed.
        Assert.Equal("dl_person1", forged.GetProperty("from").GetProperty("id").GetString());
        var seenByBot = app.Bot.Received.Single(a => a.Text == "I am the bot");
        Assert.Equal(RoleTypes.User, seenByBot.From.Role);
    }

    [Fact]
    public async Task TokenForOneConversation_Gets403_OnAnotherConversation()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var mine = await app.StartConversationAsync("dl_me");
        var theirs = await app.StartConversationAsync("dl_them");

        var read = await app.SendAsync(HttpMethod.Get, $"{Base}/conversations/{theirs.Id}/activities", mine.Token);
        var write = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations/{theirs.Id}/activities", mine.Token, new { type = "message", text = "sneaky", from = new { id = "dl_me" } });
        var reconnect = await app.SendAsync(HttpMethod.Get, $"{Base}/conversations/{theirs.Id}", mine.Token);

        foreach (var (status, body) in new[] { read, write, reconnect })
        {
            Assert.Equal(HttpStatusCode.Forbidden, status);
            AssertError(body, "BadToken");
        }

        var (_, theirHistory) = await app.PollAsync(theirs);
        Assert.DoesNotContain(theirHistory.GetProperty("activities").EnumerateArray(), a => a.TryGetProperty("text", out var t) && t.GetString() == "sneaky");
    }

    [Fact]
    public async Task ExpiredToken_Gets403TokenExpired()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();

        app.Time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1));

        var (status, body) = await app.PollAsync(conversation);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertError(body, "TokenExpired");
        var (refreshStatus, refreshBody) = await app.SendAsync(HttpMethod.Post, $"{Base}/tokens/refresh", conversation.Token);
        Assert.Equal(HttpStatusCode.Forbidden, refreshStatus);
        AssertError(refreshBody, "TokenExpired");
    }

    [Fact]
    public async Task ATokenUsedBefore_Gets403TokenExpired_OnceItExpires()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        // Used while valid, so this node has it among the tokens it checked already.
        var (firstStatus, _) = await app.PollAsync(conversation);
        Assert.Equal(HttpStatusCode.OK, firstStatus);
        var (postStatus, _) = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations/{conversation.Id}/activities", conversation.Token,
            new { type = "message", from = new { id = "dl_person1" }, text = "hello" });
        Assert.Equal(HttpStatusCode.OK, postStatus);

        app.Time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1));

        var (status, body) = await app.PollAsync(conversation);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertError(body, "TokenExpired");
        var (lateStatus, lateBody) = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations/{conversation.Id}/activities", conversation.Token,
            new { type = "message", from = new { id = "dl_person1" }, text = "too late" });
        Assert.Equal(HttpStatusCode.Forbidden, lateStatus);
        AssertError(lateBody, "TokenExpired");
        Assert.DoesNotContain("too late", app.Bot.Received.Select(a => a.Text));
    }

    [Fact]
    public async Task Refresh_ReturnsATokenThatOutlivesTheOriginal()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        app.Time.Advance(TimeSpan.FromMinutes(15));

        var (status, refreshed) = await app.SendAsync(HttpMethod.Post, $"{Base}/tokens/refresh", conversation.Token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(conversation.Id, refreshed.GetProperty("conversationId").GetString());
        Assert.Equal(1800, refreshed.GetProperty("expires_in").GetInt32());
        var newToken = refreshed.GetProperty("token").GetString()!;
        Assert.NotEqual(conversation.Token, newToken);

        app.Time.Advance(TimeSpan.FromMinutes(20)); // 35 minutes in: the original has expired
        Assert.Equal(HttpStatusCode.Forbidden, (await app.PollAsync(conversation)).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PollAsync(conversation with { Token = newToken })).Status);
    }

    [Fact]
    public async Task Refresh_Returns403_WithTheSecret()
    {
        await using var app = await DirectLineTestApp.StartAsync();

        var (status, body) = await app.SendAsync(HttpMethod.Post, $"{Base}/tokens/refresh", DirectLineTestApp.Secret);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertError(body, "BadToken");
    }

    [Fact]
    public async Task Generate_Returns429WithErrorBody_OverTheRateLimit()
    {
        await using var app = await DirectLineTestApp.StartAsync(new() { ["DirectLine:TokenRequestsPerMinute"] = "3" });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Post, $"{Base}/tokens/generate", DirectLineTestApp.Secret)).Status);
        }

        var (status, body) = await app.SendAsync(HttpMethod.Post, $"{Base}/tokens/generate", DirectLineTestApp.Secret);
        Assert.Equal((HttpStatusCode)429, status);
        AssertError(body, "TooManyRequests");
    }

    [Fact]
    public async Task Reconnect_ReturnsAFreshTokenAndAStreamUrlCarryingTheWatermark()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();

        var (status, body) = await app.SendAsync(HttpMethod.Get, $"{Base}/conversations/{conversation.Id}?watermark=0", conversation.Token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(conversation.Id, body.GetProperty("conversationId").GetString());
        Assert.EndsWith("&watermark=0", body.GetProperty("streamUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.PollAsync(conversation with { Token = body.GetProperty("token").GetString()! })).Status);
    }

    [Fact]
    public async Task Typing_IsAccepted_ButNotKeptOrGivenToTheBot()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var turns = app.Bot.Received.Count;

        var (status, posted) = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations/{conversation.Id}/activities", conversation.Token, new { type = "typing", from = new { id = "dl_person1" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(string.IsNullOrEmpty(posted.GetProperty("id").GetString()));
        var (_, set) = await app.PollAsync(conversation);
        Assert.DoesNotContain(set.GetProperty("activities").EnumerateArray(), a => a.GetProperty("type").GetString() == "typing");
        Assert.Equal(turns, app.Bot.Received.Count);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8 with its mark")]
    [InlineData("utf-16 with its mark")]
    [InlineData("utf-8 in one-byte chunks")]
    public async Task PostActivity_ReadsTheBody_InWhatEverEncodingItsMarkSays_UTF8Otherwise_WelshAndEmojiIntact(string encoding)
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var (_, first) = await app.PollAsync(conversation);
        const string text = "Ŵyt ti'n iawn? â ê “dyfyniad” 👍";
        var json = "{\"type\":\"message\",\"text\":\"" + text + "\",\"from\":{\"id\":\"dl_person1\"}}";
        var bytes = encoding switch
        {
            "utf-8 with its mark" => [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(json)],
            "utf-16 with its mark" => [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes(json)],
            _ => System.Text.Encoding.UTF8.GetBytes(json),
        };

        var status = await PostBytesAsync(app, conversation, bytes, chunk: encoding.EndsWith("chunks", StringComparison.Ordinal) ? 1 : null);

        Assert.Equal(HttpStatusCode.OK, status);
        var (_, set) = await app.PollAsync(conversation, first.GetProperty("watermark").GetString());
        var activities = set.GetProperty("activities").EnumerateArray().ToList();
        Assert.Equal(text, activities[0].GetProperty("text").GetString());
        Assert.Equal("You said: " + text, activities[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task PostActivity_SentWithoutALength_IsHeldToItsLimitInCharacters_NotItsBytes()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        static byte[] Body(int letters) => System.Text.Encoding.UTF8.GetBytes(
            "{\"type\":\"message\",\"text\":\"hi\",\"channelData\":{\"pad\":\"" + new string('ŵ', letters) + "\"}}");

        // 40,000 letters of two bytes each: 80 KB, but under 64 K characters, read as before.
        Assert.Equal(HttpStatusCode.OK, await PostBytesAsync(app, conversation, Body(40_000), chunk: 4096));
        // 70,000 letters: past 64 K characters, refused in plain words whatever the chunks.
        foreach (var chunk in new[] { 4096, 65_536 })
        {
            using var request = app.Request(HttpMethod.Post, $"{Base}/conversations/{conversation.Id}/activities", conversation.Token);
            request.Content = new ChunkedContent(Body(70_000), chunk);
            using var response = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("too large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EachPost_IsStampedWithTheServiceUrlOfTheAddressItCameTo_WhicheverCameBefore()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();
        var (_, first) = await app.PollAsync(conversation);
        var hosts = new[] { null, "chat.example.org", "chat.example.org", "other.example.org:8443", null };
        foreach (var host in hosts)
        {
            using var request = app.Request(HttpMethod.Post, $"{Base}/conversations/{conversation.Id}/activities", conversation.Token,
                "{\"type\":\"message\",\"text\":\"4\",\"from\":{\"id\":\"dl_person1\"}}");
            if (host is not null) request.Headers.Host = host;
            using var response = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (_, set) = await app.PollAsync(conversation, first.GetProperty("watermark").GetString());
        var echoes = set.GetProperty("activities").EnumerateArray().Where(a => a.GetProperty("from").GetProperty("role").GetString() == "user")
            .Select(a => a.GetProperty("serviceUrl").GetString()).ToList();
        Assert.Equal(hosts.Select(h => h is null ? app.BaseAddress.ToString() : $"http://{h}/"), echoes);
    }

    private static async Task<HttpStatusCode> PostBytesAsync(DirectLineTestApp app, DirectLineTestApp.Conversation conversation, byte[] body, int? chunk)
    {
        using var request = app.Request(HttpMethod.Post, $"{Base}/conversations/{conversation.Id}/activities", conversation.Token);
        request.Content = chunk is { } size ? new ChunkedContent(body, size) : new ByteArrayContent(body);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await app.Client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A body sent in chunks of a given size, with no Content-Length.</summary>
    private sealed class ChunkedContent(byte[] body, int chunk) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var at = 0; at < body.Length; at += chunk)
            {
                await stream.WriteAsync(body.AsMemory(at, Math.Min(chunk, body.Length - at)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("{\"type\":\"conversationUpdate\",\"from\":{\"id\":\"x\"}}")]
    public async Task PostActivity_Returns400BadArgument_ForWhatIsNotAnAcceptedActivity(string body)
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();

        var (status, error) = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations/{conversation.Id}/activities", conversation.Token, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(error, "BadArgument");
    }

    [Fact]
    public async Task Poll_Returns400_ForAWatermarkThatIsNotANumber()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();

        var (status, body) = await app.PollAsync(conversation, "abc");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(body, "BadArgument");
    }

    [Fact]
    public async Task UnknownConversation_Returns404NotFound_ForTheSecretHolder()
    {
        await using var app = await DirectLineTestApp.StartAsync();

        var (status, body) = await app.SendAsync(HttpMethod.Get, $"{Base}/conversations/nosuchconversation/activities", DirectLineTestApp.Secret);

        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertError(body, "NotFound");
    }

    [Fact]
    public async Task ABotFailure_IsAnsweredWithAnApology_NotA500()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync();

        var (status, _) = await app.PostMessageAsync(conversation, "fail");

        Assert.Equal(HttpStatusCode.OK, status);
        var (_, set) = await app.PollAsync(conversation);
        Assert.Equal(CoProduction.Channels.DirectLine.DirectLineAdapter.ErrorReply, set.GetProperty("activities").EnumerateArray().Last().GetProperty("text").GetString());
    }

    [Fact]
    public async Task UserWithoutATokenUser_JoinsWithTheirFirstMessage()
    {
        await using var app = await DirectLineTestApp.StartAsync();
        var conversation = await app.StartConversationAsync(userId: null);
        Assert.Single(app.Bot.Received); // only the bot joined

        await app.PostMessageAsync(conversation, "hi", from: new { id = "r_browser", name = "Web user" });
        await app.PostMessageAsync(conversation, "again", from: new { id = "r_browser", name = "Web user" });

        var joins = app.Bot.Received.Where(a => a.Type == ActivityTypes.ConversationUpdate).Skip(1).ToList();
        Assert.Equal("r_browser", Assert.Single(joins).MembersAdded.Single().Id);
    }

    [Fact]
    public async Task Preflight_AllowsConfiguredOrigin_AndNotOthers()
    {
        await using var app = await DirectLineTestApp.StartAsync(new() { ["DirectLine:AllowedOrigins:0"] = "https://care.example.org" });

        async Task<HttpResponseMessage> Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, $"{Base}/tokens/refresh");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            return await app.Client.SendAsync(request);
        }

        using var allowed = await Preflight("https://care.example.org");
        using var refused = await Preflight("https://evil.example.com");

        Assert.Equal("https://care.example.org", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    internal static void AssertError(JsonElement body, string code)
    {
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }
}
