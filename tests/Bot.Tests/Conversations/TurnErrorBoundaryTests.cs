using System.Net;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.DirectLine;
using CoProduction.Store;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Conversations;

/// <summary>
/// The one error boundary, through the real webhooks with real signatures and a real store
/// made to fail on demand (<see cref="FailingStore"/>): a failure that is ours and passing costs
/// nobody their survey; only a turn that fails twice on the same saved state sets it aside.
/// </summary>
public sealed class TurnErrorBoundaryTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public TurnErrorBoundaryTests(ServiceFactory service) => _service = service;

    public static TheoryData<string> PassingFailures => ["busy", "unreachable", "slow", "disk full"];

    private static Exception Failure(string kind) => kind switch
    {
        "busy" => FailingStore.Busy(),
        "unreachable" => FailingStore.Unreachable(),
        "disk full" => FailingStore.DiskFull(),
        _ => FailingStore.Slow(),
    };

    [Theory]
    [MemberData(nameof(PassingFailures))]
    public async Task SmsTurn_Answers503WithRetryAfter_WhenTheStoreFailsForAMoment_AndTwiliosRetryCarriesOn(string kind)
    {
        var phone = _service.Phone(kind switch { "busy" => "+447700900701", "unreachable" => "+447700900702", "disk full" => "+447700900704", _ => "+447700900703" });
        await phone.TextAsync("CHECKIN");
        var before = await SessionOf(phone.From);

        _service.Store.FailWith(() => Failure(kind));
        HttpResponseMessage refused;
        try
        {
            refused = await phone.SendAsync("4", messageSid: "SM-retried-" + kind);
        }
        finally
        {
            _service.Store.Heal();
        }
        // Twilio sends the same message again (same MessageSid): now it goes through.
        var retried = await phone.TextAsync("4", messageSid: "SM-retried-" + kind);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain("<Message>", await refused.Content.ReadAsStringAsync());
        Assert.Contains(retried, r => r.Contains("safe", StringComparison.OrdinalIgnoreCase));
        var after = await SessionOf(phone.From);
        Assert.Equal((before.Id, SessionStatus.Active), (after.Id, after.Status));
        Assert.Equal(["4"], await AnswersOf(phone.From, "happy"));
    }

    [Fact]
    public async Task SmsTurn_Answers503_WhenOtherTurnsKeepSavingFirst_AndTheSurveyIsKept()
    {
        var phone = _service.Phone("+447700900720");
        await phone.TextAsync("CHECKIN");
        var before = await SessionOf(phone.From);

        _service.Store.LoseEveryUpdateOf("Sessions");
        HttpResponseMessage refused;
        try
        {
            refused = await phone.SendAsync("4");
        }
        finally
        {
            _service.Store.Heal();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        var after = await SessionOf(phone.From);
        Assert.Equal((before.Id, before.Revision, SessionStatus.Active), (after.Id, after.Revision, after.Status));
        Assert.Empty(await AnswersOf(phone.From, "happy"));
    }

    [Fact]
    public async Task VoiceTurn_Answers503WithRetryAfter_WhenTheStoreIsBusy_AndTheCallersSurveyIsKept()
    {
        var call = _service.Call("+447700900721");
        await call.StartInboundAsync();
        await call.PressAsync("1");
        await call.PressAsync("1");
        Assert.Contains("How happy are you with your support?", call.LastPrompt);
        var before = await SessionOf("+447700900721");

        _service.Store.FailWith(FailingStore.Busy);
        try
        {
            await call.PressAsync("4");
        }
        finally
        {
            _service.Store.Heal();
        }

        // Twilio then plays the fallback URL's message; the survey waits for the next call.
        Assert.Equal(503, call.LastStatusCode);
        var after = await SessionOf("+447700900721");
        Assert.Equal((before.Id, before.Revision, SessionStatus.Active), (after.Id, after.Revision, after.Status));
    }

    [Fact]
    public async Task WebChatMessage_IsRefusedWith503_WhenTheStoreIsBusy_AndTheNextTryCarriesOn()
    {
        await using var chat = await DirectLineChat.StartAsync(_service.CreateClient());
        await chat.SendEventAsync("startSurvey", new { survey = "checkin" });
        Assert.Contains(await chat.ReceiveBotTurnAsync(), a => DirectLineChat.Text(a).Contains("How happy are you"));
        var before = await SessionOfWebUser(chat.UserId);

        // The chat itself lives in the store (so any node can serve it): with the whole store
        // busy, the message cannot even be kept, and the client is told to send it again.
        _service.Store.FailWith(FailingStore.Busy);
        int refused;
        try
        {
            using var response = await chat.SendTextAsync("4");
            refused = (int)response.StatusCode;
        }
        finally
        {
            _service.Store.Heal();
        }
        await chat.SendTextAsync("4");
        var next = await chat.ReceiveBotTurnAsync();

        Assert.Equal(503, refused);
        Assert.Contains(next, a => DirectLineChat.Text(a).Contains("safe", StringComparison.OrdinalIgnoreCase));
        var after = await SessionOfWebUser(chat.UserId);
        Assert.Equal((before.Id, SessionStatus.Active), (after.Id, after.Status));
    }

    [Fact]
    public async Task BrokenSession_IsKeptAfterOneFailedTurn_SetAsideWhenTheNextFailsOnTheSameState_AndItsAnswersStillCount()
    {
        var phone = _service.Phone("+447700900601");
        await phone.TextAsync("CHECKIN");
        await phone.TextAsync("4");
        var happyBefore = (await _service.ResultsAsync("checkin")).Question("happy").Count("4");
        await BreakSessionOf(phone.From);

        var firstApology = await phone.TextAsync("yes");
        var keptAfterOne = (await SessionOf(phone.From)).Status;
        var secondApology = await phone.TextAsync("yes");
        var afterTwo = (await SessionOf(phone.From)).Status;
        var fresh = await phone.TextAsync("CHECKIN");

        Assert.Contains("Sorry, something went wrong on our side", Assert.Single(firstApology));
        Assert.Equal(SessionStatus.Active, keptAfterOne);
        Assert.Contains("Sorry, something went wrong on our side", Assert.Single(secondApology));
        Assert.Equal(SessionStatus.Reset, afterTwo);
        Assert.Contains(fresh, r => r.Contains("How happy are you with your support?"));
        // The answer given before the session broke is still in the results.
        Assert.Equal(happyBefore, (await _service.ResultsAsync("checkin")).Question("happy").Count("4"));
    }

    [Fact]
    public async Task BrokenWebChatSession_GetsAnApology_AndIsSetAsideWhenItFailsAgain()
    {
        await using var chat = await DirectLineChat.StartAsync(_service.CreateClient());
        await chat.SendEventAsync("startSurvey", new { survey = "checkin" });
        await chat.ReceiveBotTurnAsync();
        await BreakSessionOfWebUser(chat.UserId);

        await chat.SendTextAsync("4");
        var first = await chat.ReceiveBotTurnAsync(_ => true);
        await chat.SendTextAsync("4");
        var second = await chat.ReceiveBotTurnAsync(_ => true);

        Assert.Equal(DirectLineAdapter.ErrorReply, DirectLineChat.Text(Assert.Single(first)));
        Assert.Equal(DirectLineAdapter.ErrorReply, DirectLineChat.Text(Assert.Single(second)));
        Assert.Equal(SessionStatus.Reset, (await SessionOfWebUser(chat.UserId)).Status);
    }

    private Task<Store.Model.Session> SessionOf(string phone) => Db(db =>
        db.Sessions.AsNoTracking().Where(s => db.People.Any(p => p.Id == s.PersonId && p.Phone == phone))
            .OrderByDescending(s => s.StartedAt).FirstAsync());

    private Task<Store.Model.Session> SessionOfWebUser(string userId) => Db(db =>
        db.Sessions.AsNoTracking().Where(s => db.People.Any(p => p.Id == s.PersonId && p.WebUserId == userId))
            .OrderByDescending(s => s.StartedAt).FirstAsync());

    private Task<List<string?>> AnswersOf(string phone, string questionId) => Db(db =>
        db.Answers.Where(a => a.QuestionId == questionId && db.People.Any(p => p.Id == a.PersonId && p.Phone == phone))
            .Select(a => a.Value).ToListAsync());

    /// <summary>A session whose saved state can no longer be read (say, written by an older version).</summary>
    private Task BreakSessionOf(string phone) => Db(async db =>
    {
        var session = await db.Sessions.SingleAsync(s => db.People.Any(p => p.Id == s.PersonId && p.Phone == phone) && s.Status == SessionStatus.Active);
        session.StateJson = "{ not json";
        return await db.SaveChangesAsync();
    });

    private Task BreakSessionOfWebUser(string userId) => Db(async db =>
    {
        var session = await db.Sessions.SingleAsync(s => db.People.Any(p => p.Id == s.PersonId && p.WebUserId == userId) && s.Status == SessionStatus.Active);
        session.StateJson = "{ not json";
        return await db.SaveChangesAsync();
    });

    private async Task<T> Db<T>(Func<StoreDbContext, Task<T>> query)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }
}
