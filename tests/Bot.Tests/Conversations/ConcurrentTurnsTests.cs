using System.Net;
using System.Text.RegularExpressions;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.Twilio;
using CoProduction.Store;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Conversations;

/// <summary>
/// Turns for one person arriving at the same moment, through the real webhooks with real
/// signatures: every request gets an answer (or a 503 that Twilio retries), never a 500, and the
/// store ends as one person with one open survey.
/// </summary>
public sealed class ConcurrentTurnsTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public ConcurrentTurnsTests(ServiceFactory service) => _service = service;

    [Fact]
    public async Task TwentyFirstTextsAtOnce_FromANewPhone_AreAllAnswered_AndLeaveOnePersonWithOneOpenSurvey()
    {
        var phone = _service.Phone("+447700900740");
        var sids = Enumerable.Range(0, 20).Select(i => $"SM-first-at-once-{i}").ToList();

        var first = await Task.WhenAll(sids.Select(sid => phone.SendAsync("CHECKIN", sid)));
        // What Twilio does with a 503: sends the same message again.
        var pending = sids.Where((_, i) => first[i].StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        for (var retry = 0; retry < 5 && pending.Count > 0; retry++)
        {
            var again = await Task.WhenAll(pending.Select(sid => phone.SendAsync("CHECKIN", sid)));
            pending = pending.Where((_, i) => again[i].StatusCode != HttpStatusCode.OK).ToList();
        }

        Assert.All(first, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Empty(pending);
        var (people, open, inbound) = await Db(async db => (
            await db.People.CountAsync(p => p.Phone == phone.From),
            await db.Sessions.CountAsync(s => db.People.Any(p => p.Id == s.PersonId && p.Phone == phone.From)
                && (s.Status == SessionStatus.Active || s.Status == SessionStatus.AwaitingCarryOn)),
            await db.InboundMessages.CountAsync(m => m.MessageId.StartsWith("SM-first-at-once-"))));
        Assert.Equal((1, 1, 20), (people, open, inbound));
    }

    [Theory]
    [InlineData(false)] // Twilio posting the same answer twice (the same turn of the call)
    [InlineData(true)]  // two different turns of the call at once
    public async Task TwoVoiceTurnsAtOnce_KeepTheCallersSurvey(bool differentTurns)
    {
        var from = differentTurns ? "+447700900742" : "+447700900741";
        var call = _service.Call(from);
        await call.StartInboundAsync();
        await call.PressAsync("1");
        await call.PressAsync("1");
        Assert.Contains("How happy are you with your support?", call.LastPrompt);
        var before = await OpenSessionOf(from);
        var action = new Uri(new Uri("http://localhost/twilio/voice"), (string)call.Gather!.Attribute("action")!).AbsoluteUri;
        var other = differentTurns ? Regex.Replace(action, @"([?&]turn=)(\d+)", m => m.Groups[1].Value + (int.Parse(m.Groups[2].Value) + 1)) : action;

        var answers = await Task.WhenAll(Press(call.CallSid, from, action, "4"), Press(call.CallSid, from, other, "4"));

        Assert.All(answers, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(answers, r => r.StatusCode == HttpStatusCode.OK);
        var after = await OpenSessionOf(from);
        Assert.Equal(before!.Id, after?.Id);
        Assert.Equal(0, await Db(db => db.Sessions.CountAsync(s => s.PersonId == before.PersonId && s.Status == SessionStatus.Reset)));
    }

    private Task<HttpResponseMessage> Press(string callSid, string from, string url, string digits)
    {
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = "AC00000000000000000000000000000000",
            ["ApiVersion"] = "2010-04-01",
            ["CallSid"] = callSid,
            ["CallStatus"] = "in-progress",
            ["Direction"] = "inbound",
            ["From"] = from,
            ["To"] = ServiceFactory.OurNumber,
            ["Digits"] = digits,
        };
        return _service.CreateClient().SendAsync(TwilioRequests.SignedPost(url, form, ServiceFactory.AuthToken));
    }

    private Task<Store.Model.Session?> OpenSessionOf(string phone) => Db(db =>
        db.Sessions.AsNoTracking()
            .Where(s => db.People.Any(p => p.Id == s.PersonId && p.Phone == phone)
                && (s.Status == SessionStatus.Active || s.Status == SessionStatus.AwaitingCarryOn))
            .SingleOrDefaultAsync());

    private async Task<T> Db<T>(Func<StoreDbContext, Task<T>> query)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }
}
