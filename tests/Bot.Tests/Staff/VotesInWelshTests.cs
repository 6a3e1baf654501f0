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
/// A quick vote with Welsh wording (the optional "cy" of POST /api/votes), through the real HTTP
/// pipeline: Welsh speakers get the vote, its reply menu, spoken keys and chat buttons, and its
/// result in Welsh, by signed SMS, a signed call and Direct Line chat; English speakers get the
/// same vote in English.
/// </summary>
public sealed class VotesInWelshTests : IDisposable
{
    private readonly ServiceFactory _service = ServiceFactory.ForScheduling();

    public void Dispose() => _service.Dispose();

    private static object Lounge() => new
    {
        question = "Which colour for the lounge?",
        options = new[] { "Blue", "Green", "Yellow" },
        groups = new[] { "lolfa" },
        closes = DateTimeOffset.UtcNow.AddDays(2),
        cy = new { question = "Pa liw i'r lolfa?", options = new[] { "Glas", "Gwyrdd", "Melyn" } },
    };

    private async Task<List<(string To, string Body)>> OutboxAsync() =>
        (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/outbox"))).EnumerateArray()
        .Select(e => (e.GetProperty("to").GetString()!, e.GetProperty("body").GetString()!)).ToList();

    private static string Welsh(int i) => $"+447400101{i + 100:000}";

    private const string WelshCaller = "+447400101200";
    private const string EnglishTexter = "+447400101300";
    private const string WelshChatter = "+447400101400";

    [Fact]
    public async Task AWelshVote_AsksAndAnswersWelshSpeakersInWelsh_ByTextCallAndChat_AndOthersInEnglish()
    {
        var staff = _service.StaffClient();
        var csv = "name,phone,channel,language,timezone,groups\n"
                  + string.Concat(Enumerable.Range(0, 10).Select(i => $"Tecstiwr {i},{Welsh(i)},sms,cy,Europe/London,lolfa\n"))
                  + $"Galwr,{WelshCaller},voice,cy,Europe/London,lolfa\nTexter,{EnglishTexter},sms,en,Europe/London,lolfa\n"
                  + $"Sgwrsiwr,{WelshChatter},web,cy,Europe/London,lolfa\n";
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/people", new StringContent(csv, new MediaTypeHeaderValue("text/csv")))).StatusCode);

        var created = await staff.PostAsJsonAsync("/api/votes", Lounge());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();
        var waiting = await Json.ReadAsync(await staff.GetAsync($"/api/votes/{id}"));
        Assert.Equal("Pa liw i'r lolfa?", waiting.GetProperty("cy").GetProperty("question").GetString());
        await Board.ApproveAsync(_service, waiting.GetProperty("survey").GetString()!);
        var round = (await Json.ReadAsync(await staff.PostAsync($"/api/votes/{id}/open", null))).GetProperty("round").GetGuid();
        await _service.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(round, default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var asked = await OutboxAsync();
        var cymraeg = Assert.Single(asked, t => t.To == Welsh(0)).Body;
        Assert.Contains("Pa liw i'r lolfa?", cymraeg);
        Assert.Contains("1 Glas", cymraeg);
        Assert.Contains("3 Melyn", cymraeg);
        Assert.DoesNotContain("Which colour", cymraeg);
        var english = Assert.Single(asked, t => t.To == EnglishTexter).Body;
        Assert.Contains("Which colour for the lounge?", english);
        Assert.Contains("2 Green", english);

        // Welsh replies: option words, numbers, a Welsh number word.
        var replies = new[] { "gwyrdd", "2", "Gwyrdd os gwelwch yn dda", "3", "melyn", "2", "glas", "gwyrdd", "dau", "2" };
        for (var i = 0; i < replies.Length; i++)
        {
            Assert.Contains("Diolch am bleidleisio", string.Join(" ", await _service.Phone(Welsh(i)).TextAsync(replies[i])));
        }
        Assert.Contains("Thank you for voting", string.Join(" ", await _service.Phone(EnglishTexter).TextAsync("blue")));
        // The call asks in Welsh and says the keys in Welsh.
        var callInvitation = Assert.Single(asked, t => t.To == WelshCaller).Body.Split(' ')[^1];
        var call = _service.Call(WelshCaller);
        await call.StartOutboundAsync("human", $"invitation={callInvitation}");
        Assert.Contains("Pa liw i'r lolfa?", call.LastPrompt);
        Assert.Contains("Pwyswch 1 am Glas", call.LastPrompt);
        Assert.DoesNotContain("press", call.LastPrompt, StringComparison.OrdinalIgnoreCase);
        await call.PressAsync("1");
        Assert.True(call.IsHungUp);
        Assert.Contains("Diolch am bleidleisio", string.Join(" ", call.Said));
        // Chat: the link is texted in Welsh, and the vote's buttons are the Welsh options.
        var link = Assert.Single(asked, t => t.To == WelshChatter).Body;
        Assert.StartsWith("Hoffem glywed gennych chi.", link);
        var token = Uri.UnescapeDataString(link[(link.IndexOf("invite=", StringComparison.Ordinal) + "invite=".Length)..].Split(' ', '\n')[0]);
        await using (var chat = await DirectLineChat.StartAsync(_service.CreateClient(), new { invite = token }))
        {
            await chat.SendEventAsync("startSurvey", new { invite = token });
            var turn = await chat.ReceiveBotTurnAsync();
            Assert.Equal(["Glas", "Gwyrdd", "Melyn"], DirectLineChat.Buttons(turn[^1]).Take(3).ToArray());
            await chat.SendTextAsync("Gwyrdd");
            await chat.ReceiveBotTurnAsync(a => DirectLineChat.Text(a).Contains("Diolch am bleidleisio"));
        }

        // Green 8, Blue 3, Yellow 2: the vote closes and the result goes back in each person's language.
        await using (var scope = _service.Services.CreateAsyncScope())
        {
            var past = DateTimeOffset.UtcNow.AddSeconds(-1);
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().QuickVotes.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosesAt, past));
        }
        await _service.RunJobAsync<VoteClosingJob>(j => j.RunAsync(id, default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));

        var sent = (await OutboxAsync()).Skip(asked.Count).ToList();
        foreach (var i in Enumerable.Range(0, 11))
        {
            // The ten Welsh texters, then the Welsh chat person (texted, as chat people are).
            var result = Assert.Single(sent, t => t.To == (i < 10 ? Welsh(i) : WelshChatter)).Body;
            Assert.Contains("Pleidlais: Pa liw i'r lolfa? Gwyrdd enillodd: 8 pleidlais allan o 13.", result);
            Assert.Contains($"/results/{waiting.GetProperty("survey").GetString()}?lang=cy", result);
        }
        Assert.Contains("Green won: 8 of 13 votes.", Assert.Single(sent, t => t.To == EnglishTexter).Body);
        var resultCall = Assert.Single(sent, t => t.To == WelshCaller).Body.Split(' ')[^1];
        var back = _service.Call(WelshCaller);
        await back.StartOutboundAsync("human", $"invitation={resultCall}");
        Assert.Contains("Gwyrdd enillodd: 8 pleidlais allan o 13.", string.Join(" ", back.Said));
        Assert.True(back.IsHungUp);
    }

    [Fact]
    public async Task WelshWording_OfTheWrongKind_IsNamedInThe400()
    {
        var body = """{ "question": "Q?", "options": ["a","b"], "groups": ["g"], "closes": "2099-01-01T00:00:00Z", "cy": { "question": "C?", "options": [1, 2] } }""";
        var response = await _service.StaffClient().PostAsync("/api/votes", new StringContent(body, new MediaTypeHeaderValue("application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"cy.options", (await Json.ReadAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task WelshWording_ThatDoesNotMatchTheVote_Gets400WithThePlainProblem_AndNothingIsSaved()
    {
        var response = await _service.StaffClient().PostAsJsonAsync("/api/votes", new
        {
            question = "Q?", options = new[] { "a", "b", "c" }, groups = new[] { "g" }, closes = DateTimeOffset.UtcNow.AddDays(1),
            cy = new { question = "C?", options = new[] { "a", "b" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Give one Welsh option for each option", (await Json.ReadAsync(response)).GetProperty("detail").GetString());
        await using var scope = _service.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<StoreDbContext>().QuickVotes.CountAsync());
    }
}
