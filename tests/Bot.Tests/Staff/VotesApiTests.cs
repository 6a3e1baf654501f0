using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Scheduling.Jobs;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// Quick votes through the real HTTP pipeline: the API, the board's approval, the invitations
/// and sending run as Hangfire would run them, votes by signed SMS, a signed call and web chat,
/// and the result sent back to everyone who voted.
/// The refusals share one service (class fixture: none of them saves anything, and each checks that);
/// the whole vote runs on a service of its own.
/// </summary>
public sealed class VotesApiTests(VotesApiTests.SharedService shared) : IClassFixture<VotesApiTests.SharedService>
{
    /// <summary>One service for the tests that are refused or only read.</summary>
    public sealed class SharedService : IDisposable
    {
        public ServiceFactory Service { get; } = ServiceFactory.ForScheduling();

        public void Dispose() => Service.Dispose();
    }

    private readonly ServiceFactory _service = shared.Service;

    private static object Lounge(DateTimeOffset? closes = null) => new
    {
        question = "Which colour for the lounge?",
        options = new[] { "Blue", "Green", "Yellow" },
        groups = new[] { "lounge" },
        closes = closes ?? DateTimeOffset.UtcNow.AddDays(2),
    };

    private static async Task<List<(string To, string Body)>> OutboxAsync(ServiceFactory service) =>
        (await Json.ReadAsync(await service.StaffClient().GetAsync("/api/outbox"))).EnumerateArray()
        .Select(e => (e.GetProperty("to").GetString()!, e.GetProperty("body").GetString()!)).ToList();

    public static TheoryData<string, string, HttpStatusCode> BadRequests => new()
    {
        // body, content type, the answer
        { "not json at all", "application/json", HttpStatusCode.BadRequest },
        { "{", "application/json", HttpStatusCode.BadRequest },
        { "[]", "application/json", HttpStatusCode.BadRequest },
        { "null", "application/json", HttpStatusCode.BadRequest },
        { "{}", "application/json", HttpStatusCode.BadRequest },
        { """{ "question": 5, "options": ["a","b"], "groups": ["g"], "closes": "2099-01-01T00:00:00Z" }""", "application/json", HttpStatusCode.BadRequest },
        { """{ "question": "Q?", "options": "Blue", "groups": ["g"], "closes": "2099-01-01T00:00:00Z" }""", "application/json", HttpStatusCode.BadRequest },
        { """{ "question": "Q?", "options": ["a","b"], "groups": ["g"], "closes": "tomorrow" }""", "application/json", HttpStatusCode.BadRequest },
        { """{ "question": "Q?", "options": ["a"], "groups": ["g"], "closes": "2099-01-01T00:00:00Z" }""", "application/json", HttpStatusCode.BadRequest },
        { """{ "question": "Q?", "options": ["a","b"], "groups": ["g"], "closes": "2001-01-01T00:00:00Z" }""", "application/json", HttpStatusCode.BadRequest },
        { """{ "question": "Q?", "options": ["a","b"], "groups": ["g"], "closes": "2099-01-01T00:00:00Z" }""", "text/plain", HttpStatusCode.UnsupportedMediaType },
        // The optional Welsh wording: the wrong kind of value, or not matching the vote.
        { """{ "question": "Q?", "options": ["a","b"], "groups": ["g"], "closes": "2099-01-01T00:00:00Z", "cy": "Pa liw?" }""", "application/json", HttpStatusCode.BadRequest },
        { """{ "question": "Q?", "options": ["a","b"], "groups": ["g"], "closes": "2099-01-01T00:00:00Z", "cy": { "question": "C?", "options": "a" } }""", "application/json", HttpStatusCode.BadRequest },
        { """{ "question": "Q?", "options": ["a","b"], "groups": ["g"], "closes": "2099-01-01T00:00:00Z", "cy": { "question": "C?", "options": ["a"] } }""", "application/json", HttpStatusCode.BadRequest },
        { """{ "question": "Q?", "options": ["a","b"], "groups": ["g"], "closes": "2099-01-01T00:00:00Z", "cy": { "options": ["a","b"] } }""", "application/json", HttpStatusCode.BadRequest },
        { """{ "question": "Q?", "options": ["a","b"], "groups": ["g"], "closes": "2099-01-01T00:00:00Z", "cy": {} }""", "application/json", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task PostVote_AnswersBadInputWithAClear4xx_AndSavesNothing(string body, string contentType, HttpStatusCode expected)
    {
        var response = await _service.StaffClient().PostAsync("/api/votes", new StringContent(body, new MediaTypeHeaderValue(contentType)));

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await Json.ReadAsync(response)).GetProperty("detail").GetString()));
        await using var scope = _service.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<StoreDbContext>().QuickVotes.CountAsync());
    }

    [Theory]
    [InlineData("GET", "/api/votes/not-a-vote", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/votes/0195f0a0-0000-7000-8000-000000000000", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/votes/0195f0a0-0000-7000-8000-000000000000/open", HttpStatusCode.NotFound)]
    public async Task UnknownVotes_Are404(string method, string path, HttpStatusCode expected)
    {
        var response = await _service.StaffClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Votes_NeedAStaffKey()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _service.CreateClient().PostAsJsonAsync("/api/votes", Lounge())).StatusCode);
    }

    [Fact]
    public async Task Vote_WaitsForTheBoard_ThenTakesVotesBySmsCallAndChat_AndSendsTheResultToEveryVoter()
    {
        using var service = ServiceFactory.ForScheduling();
        var staff = service.StaffClient();
        var csv = "name,phone,channel,language,timezone,groups\n"
                  + string.Concat(Enumerable.Range(0, 10).Select(i => $"Texter {i},07400 100{i + 100:000},sms,en,Europe/London,lounge\n"))
                  + "Caller,07400 100200,voice,en,Europe/London,lounge\nChatter,07400 100300,web,en,Europe/London,lounge\n";
        var imported = await Json.ReadAsync(await staff.PostAsync("/api/people", new StringContent(csv, new MediaTypeHeaderValue("text/csv"))));
        Assert.Equal(12, imported.GetProperty("imported").GetInt32());

        var created = await staff.PostAsJsonAsync("/api/votes", Lounge());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();
        var waiting = await Json.ReadAsync(await staff.GetAsync($"/api/votes/{id}"));
        Assert.Equal("awaiting-approval", waiting.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsync($"/api/votes/{id}/open", null)).StatusCode);

        // The same approval rule as any survey: the board approves the vote's words.
        await Board.ApproveAsync(service, waiting.GetProperty("survey").GetString()!);
        var opened = await staff.PostAsync($"/api/votes/{id}/open", null);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var round = (await Json.ReadAsync(opened)).GetProperty("round").GetGuid();
        await service.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(round, default));
        await service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var asked = await OutboxAsync(service);
        var question = Assert.Single(asked, t => t.To == "+447400100100").Body;
        Assert.Contains("Which colour for the lounge?", question);
        Assert.Contains("1 Blue", question);

        // Ten texts, read by the same readers as any answer: option words or numbers.
        var replies = new[] { "green", "2", "Green please", "3", "yellow", "2", "blue", "green", "2", "1" };
        for (var i = 0; i < replies.Length; i++)
        {
            Assert.Contains("Thank you for voting", string.Join(" ", await service.Phone($"+447400100{i + 100:000}").TextAsync(replies[i])));
        }
        // A call: press 2.
        var callInvitation = Assert.Single(asked, t => t.To == "+447400100200").Body.Split(' ')[^1];
        var call = service.Call("+447400100200");
        await call.StartOutboundAsync("human", $"invitation={callInvitation}");
        Assert.Contains("Which colour for the lounge?", call.LastPrompt);
        await call.PressAsync("2");
        Assert.True(call.IsHungUp);
        // Chat: the texted link opens the vote with buttons.
        var link = Assert.Single(asked, t => t.To == "+447400100300").Body;
        var token = Uri.UnescapeDataString(link[(link.IndexOf("invite=", StringComparison.Ordinal) + "invite=".Length)..].Split(' ', '\n')[0]);
        await using (var chat = await DirectLineChat.StartAsync(service.CreateClient(), new { invite = token }))
        {
            await chat.SendEventAsync("startSurvey", new { invite = token });
            var turn = await chat.ReceiveBotTurnAsync();
            Assert.Equal(["Blue", "Green", "Yellow"], DirectLineChat.Buttons(turn[^1]).Take(3).ToArray());
            await chat.SendTextAsync("Yellow");
            await chat.ReceiveBotTurnAsync(a => DirectLineChat.Text(a).Contains("Thank you for voting"));
        }

        var open = await Json.ReadAsync(await staff.GetAsync($"/api/votes/{id}"));
        Assert.Equal("open", open.GetProperty("state").GetString());
        Assert.Equal([2, 7, 3], open.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()).ToArray());

        // The closing time comes (moved, as the clock would move it) and the closing job runs, twice.
        await using (var scope = service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var past = DateTimeOffset.UtcNow.AddSeconds(-1);
            await db.QuickVotes.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosesAt, past));
        }
        await service.RunJobAsync<VoteClosingJob>(j => j.RunAsync(id, default));
        await service.RunJobAsync<VoteClosingJob>(j => j.RunAsync(id, default));
        await service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var sent = (await OutboxAsync(service)).Skip(asked.Count).ToList();
        var results = sent.Where(t => t.Body.Contains("Green won: 7 of 12 votes.")).ToList();
        Assert.Equal(11, results.Count);
        Assert.Equal(11, results.Select(t => t.To).Distinct().Count());
        Assert.Contains(results, t => t.To == "+447400100300");
        Assert.All(results, t => Assert.Contains("/results/", t.Body));
        // The caller is called back, and the call says the result.
        var resultCall = Assert.Single(sent, t => t.To == "+447400100200").Body.Split(' ')[^1];
        var back = service.Call("+447400100200");
        await back.StartOutboundAsync("human", $"invitation={resultCall}");
        Assert.Contains("Green won: 7 of 12 votes.", string.Join(" ", back.Said));
        Assert.True(back.IsHungUp);
        Assert.Equal("closed", (await Json.ReadAsync(await staff.GetAsync($"/api/votes/{id}"))).GetProperty("state").GetString());
    }
}
