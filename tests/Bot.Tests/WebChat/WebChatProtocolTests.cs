using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Bot.WebChat;
using CoProduction.Channels.DirectLine;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.WebChat;

/// <summary>
/// The wired service on a real Kestrel port, driven as the chat page drives it: a token from
/// /chat/token, a Direct Line conversation, the startSurvey event, then the demo survey answered
/// over the WebSocket stream or by polling, and the answers read back from the staff results API.
/// </summary>
public sealed class WebChatProtocolTests : IDisposable
{
    /// <summary>What the person sends, and the start of the bot's next question.</summary>
    public static readonly (string Send, string Next)[] DemoSurvey =
    [
        ("4", "Do you feel safe where you live?"),
        ("yes", "What matters most to you this year?"),
        ("friends", "How many times did you see your support worker last month?"),
        ("3", "Would you like a chat with us about your support?"),
        ("tuesday", "If you could change one thing about your support"),
    ];

    private readonly KestrelServiceFactory _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task DemoSurvey_CompletesOverTheWebSocket_AndTheAnswersAreInTheResults()
    {
        _service.Start();
        await using var chat = await DirectLineChat.StartAsync(_service.Client());
        await chat.ConnectAsync();

        await AnswerDemoSurveyAsync(chat);

        await AssertOneCompletedResponseAsync();
    }

    [Fact]
    public async Task DemoSurvey_CompletesByPolling_AndTheAnswersAreInTheResults()
    {
        _service.Start();
        await using var chat = await DirectLineChat.StartAsync(_service.Client());

        await AnswerDemoSurveyAsync(chat);

        await AssertOneCompletedResponseAsync();
    }

    [Fact]
    public async Task StartSurveyEvent_InWelsh_AsksTheFirstQuestionInWelsh()
    {
        _service.Start();
        await using var chat = await DirectLineChat.StartAsync(_service.Client());

        Assert.Equal(HttpStatusCode.OK, (await chat.SendEventAsync("startSurvey", new { survey = "checkin", language = "cy" })).StatusCode);
        var replies = await chat.ReceiveBotTurnAsync();

        Assert.StartsWith("Pa mor hapus", DirectLineChat.Text(replies[^1]));
    }

    [Theory]
    [InlineData("en", "How happy are you")]
    [InlineData("cy", "Pa mor hapus")]
    public async Task EveryActivityAChatIsSent_IsTheTextTheSerializerWrites_InEnglishAndWelsh(string language, string firstQuestion)
    {
        // DirectLineJson writes an activity's properties itself: what a client reads (the bot's questions with their
        // buttons, the visitor's own echo with Web Chat's channelData) must be what Newtonsoft's serializer wrote before.
        _service.Start();
        var http = _service.Client();
        await using var chat = await DirectLineChat.StartAsync(http);
        Assert.Equal(HttpStatusCode.OK, (await chat.SendEventAsync("startSurvey", new { survey = "checkin", language })).StatusCode);
        Assert.StartsWith(firstQuestion, DirectLineChat.Text((await chat.ReceiveBotTurnAsync())[^1]));
        Assert.Equal(HttpStatusCode.OK, (await chat.PostAsync(new { type = "message", text = "4", from = new { id = chat.UserId }, channelData = new { clientActivityID = "1733150000000abc", clientTimestamp = "2026-12-02T16:00:00.000Z" } })).StatusCode);
        await chat.ReceiveBotTurnAsync();
        Assert.Equal(HttpStatusCode.OK, (await chat.SendTextAsync("ie 👍 \"iawn\" – ŵ\t<b>&</b> \u2028")).StatusCode);
        await chat.ReceiveBotTurnAsync();

        using var all = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{chat.ConversationId}/activities");
        all.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", chat.Token);
        using var set = JsonDocument.Parse(await (await http.SendAsync(all)).Content.ReadAsStringAsync());
        var activities = set.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.GetRawText()).ToList();

        Assert.True(activities.Count >= 6, $"the chat's activities: {activities.Count}");
        Assert.Contains(activities, a => a.Contains("\"suggestedActions\"", StringComparison.Ordinal));
        Assert.Contains(activities, a => a.Contains("1733150000000abc", StringComparison.Ordinal));
        foreach (var json in activities)
        {
            var activity = Newtonsoft.Json.JsonConvert.DeserializeObject<Microsoft.Bot.Schema.Activity>(json, DirectLineJson.Settings)!;
            Assert.Equal(Newtonsoft.Json.JsonConvert.SerializeObject(activity, Newtonsoft.Json.Formatting.None, DirectLineJson.Settings), json);
        }
    }

    [Fact]
    public async Task AnotherChatsConversation_IsForbidden_WithThisChatsToken()
    {
        _service.Start();
        await using var mine = await DirectLineChat.StartAsync(_service.Client());
        await using var theirs = await DirectLineChat.StartAsync(_service.Client());

        using var response = await mine.PostAsync(new { type = "message", text = "4", from = new { id = mine.UserId } }, theirs.ConversationId);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("error").TryGetProperty("code", out _));
    }

    [Fact]
    public async Task ReturningVisitor_GetsTheSameWebUserId_AndAForgedOneGetsANewId()
    {
        _service.Start();
        var client = _service.Client();
        var first = await DirectLineChat.TokenAsync(client);
        var visitor = first.GetProperty("visitor").GetString()!;

        var again = await DirectLineChat.TokenAsync(client, new { visitor });
        var forged = await DirectLineChat.TokenAsync(client, new { visitor = "web-someone-else." + visitor.Split('.')[^1] });

        Assert.StartsWith(WebVisitors.UserIdPrefix, first.GetProperty("userId").GetString());
        Assert.Equal(first.GetProperty("userId").GetString(), again.GetProperty("userId").GetString());
        Assert.NotEqual(first.GetProperty("conversationId").GetString(), again.GetProperty("conversationId").GetString());
        Assert.NotEqual("web-someone-else", forged.GetProperty("userId").GetString());
        Assert.NotEqual(first.GetProperty("userId").GetString(), forged.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task ReturningVisitor_IsOfferedToCarryOn_WhereTheyLeftOff()
    {
        _service.Start();
        string visitor;
        await using (var chat = await DirectLineChat.StartAsync(_service.Client()))
        {
            visitor = chat.Session.GetProperty("visitor").GetString()!;
            await chat.SendEventAsync("startSurvey", new { survey = "checkin", language = "en" });
            await chat.ReceiveBotTurnAsync();
            await chat.SendTextAsync("4");
            await chat.ReceiveBotTurnAsync();
        }

        await using var back = await DirectLineChat.StartAsync(_service.Client(), new { visitor });
        await back.SendEventAsync("startSurvey", new { language = "en" });
        var replies = await back.ReceiveBotTurnAsync();

        // The same person in the store: not a fresh start at the first question.
        Assert.DoesNotContain(replies, r => DirectLineChat.Text(r).StartsWith("How happy are you", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownInvite_IsAnsweredKindly_AndTheChatStillStarts()
    {
        _service.Start();

        await using var chat = await DirectLineChat.StartAsync(_service.Client(), new { invite = "no-such-invitation" });

        Assert.Equal("unknown", chat.Session.GetProperty("invitation").GetString());
        Assert.Equal(JsonValueKind.Null, chat.Session.GetProperty("survey").ValueKind);
    }

    [Fact]
    public async Task KnownInvite_ChatsAsTheInvitedPerson_WithTheirSurvey()
    {
        _service.TestServices = services => services.AddScoped<IChatInvitations>(_ => new OneInvitation("inv-123", new ChatInvitation("web-invited-person", "checkin")));
        _service.Start();

        await using var chat = await DirectLineChat.StartAsync(_service.Client(), new { invite = "inv-123" });

        Assert.Equal("accepted", chat.Session.GetProperty("invitation").GetString());
        Assert.Equal("web-invited-person", chat.UserId);
        Assert.Equal("checkin", chat.Session.GetProperty("survey").GetString());
        var again = await DirectLineChat.TokenAsync(_service.Client(), new { visitor = chat.Session.GetProperty("visitor").GetString() });
        Assert.Equal("web-invited-person", again.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task WithNoSecretConfigured_TheHostKeepsALocalOne_AndThePageTokenNeverShowsIt()
    {
        _service.Start();
        var secretFile = Path.Combine(_service.DataDirectory, LocalDirectLineSecret.FileName);

        using var response = await _service.Client().PostAsJsonAsync("/chat/token", new { });
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(File.Exists(secretFile));
        var secret = File.ReadAllText(secretFile).Trim();
        Assert.DoesNotContain(secret, text);
        // The secret works as on Azure, for a server of the organisation's own.
        using var generate = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate");
        generate.Headers.Authorization = new("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await _service.Client().SendAsync(generate)).StatusCode);
    }

    [Fact]
    public async Task ConfiguredOrigin_MayAskForAPageToken_AndOthersGetNoCorsHeader()
    {
        _service.Settings["DirectLine:AllowedOrigins:0"] = "https://www.example.org";
        _service.Start();
        var client = _service.Client();

        async Task<string?> AllowedOriginFor(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/chat/token");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var response = await client.SendAsync(request);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        }

        Assert.Equal("https://www.example.org", await AllowedOriginFor("https://www.example.org"));
        Assert.Null(await AllowedOriginFor("https://elsewhere.example.com"));
    }

    [Fact]
    public async Task AStreamOpenedMidChat_GetsTheHistoryFirst_AndOneOpenedAtTheLatestWatermark_OnlyWhatFollows()
    {
        _service.Start();
        var http = _service.Client();
        await using var chat = await DirectLineChat.StartAsync(http);
        // The first question, read by polling: the stream has not been opened yet.
        Assert.Equal(HttpStatusCode.OK, (await chat.SendEventAsync("startSurvey", new { survey = "checkin", language = "en" })).StatusCode);
        Assert.StartsWith("How happy are you", DirectLineChat.Text((await chat.ReceiveBotTurnAsync())[^1]));

        // A stream opened with no watermark starts with everything so far.
        using (var late = new System.Net.WebSockets.ClientWebSocket())
        {
            await late.ConnectAsync(new Uri(chat.StreamUrl), CancellationToken.None);
            var history = await ActivitiesOfNextFrameAsync(late);
            Assert.Contains(history, a => DirectLineChat.Text(a).StartsWith("How happy are you", StringComparison.Ordinal));
        }

        // Reconnecting with the latest watermark: nothing old again, only the next turn.
        using var reconnect = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{chat.ConversationId}");
        reconnect.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", chat.Token);
        using var all = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{chat.ConversationId}/activities");
        all.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", chat.Token);
        var latest = (await (await http.SendAsync(all)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("watermark").GetString();
        var streamUrl = (await (await http.SendAsync(reconnect)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("streamUrl").GetString()!;
        using var current = new System.Net.WebSockets.ClientWebSocket();
        await current.ConnectAsync(new Uri(streamUrl + "&watermark=" + latest), CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await chat.SendTextAsync("4")).StatusCode);

        var next = await ActivitiesOfNextFrameAsync(current);
        Assert.DoesNotContain(next, a => DirectLineChat.Text(a).StartsWith("How happy are you", StringComparison.Ordinal));
        Assert.Equal("4", DirectLineChat.Text(next[0]));
    }

    private static async Task<List<JsonElement>> ActivitiesOfNextFrameAsync(System.Net.WebSockets.ClientWebSocket socket)
    {
        while (true)
        {
            var frame = await CoProduction.Testing.WebSocketFrames.ReceiveAsync(socket, TimeSpan.FromSeconds(15));
            if (frame.Length > 0) return JsonDocument.Parse(frame).RootElement.Clone().GetProperty("activities").EnumerateArray().ToList();
        }
    }

    private static async Task AnswerDemoSurveyAsync(DirectLineChat chat)
    {
        Assert.Equal(HttpStatusCode.OK, (await chat.SendEventAsync("startSurvey", new { survey = "checkin", language = "en" })).StatusCode);
        var greeting = await chat.ReceiveBotTurnAsync();
        Assert.StartsWith("How happy are you", DirectLineChat.Text(greeting[^1]));
        Assert.Contains("4 Happy", DirectLineChat.Buttons(greeting[^1]));

        foreach (var (send, next) in DemoSurvey)
        {
            Assert.Equal(HttpStatusCode.OK, (await chat.SendTextAsync(send)).StatusCode);
            var replies = await chat.ReceiveBotTurnAsync();
            Assert.StartsWith(next, DirectLineChat.Text(replies[^1]));
        }

        await chat.SendTextAsync("More evening visits");
        var outro = await chat.ReceiveBotTurnAsync(a => DirectLineChat.Text(a).StartsWith("Thank you", StringComparison.Ordinal));
        Assert.NotEmpty(outro);
    }

    private async Task AssertOneCompletedResponseAsync()
    {
        var results = await _service.StaffClient().GetFromJsonAsync<JsonElement>("/api/surveys/checkin/results");
        Assert.Equal(1, results.GetProperty("completed").GetInt32());
        var questions = results.GetProperty("questions").EnumerateArray().ToDictionary(q => q.GetProperty("id").GetString()!);
        Assert.Equal(1, questions["happy"].GetProperty("counts").GetProperty("4").GetInt32());
        Assert.Equal(1, questions["safe"].GetProperty("counts").GetProperty("yes").GetInt32());
        Assert.Equal(1, questions["matters"].GetProperty("counts").GetProperty("friends").GetInt32());
        Assert.Equal(1, questions["visits"].GetProperty("counts").GetProperty("3").GetInt32());
        Assert.Equal(1, questions["call_day"].GetProperty("answered").GetInt32());
        Assert.Equal(1, questions["change"].GetProperty("answered").GetInt32());
    }

    private sealed class OneInvitation(string token, ChatInvitation invitation) : IChatInvitations
    {
        public Task<ChatInvitation?> ResolveAsync(string given, CancellationToken cancellationToken) =>
            Task.FromResult(given == token ? invitation : null);
    }
}
