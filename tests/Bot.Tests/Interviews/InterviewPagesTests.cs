using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using CoProduction.Store.Interviews;
using CoProduction.Store.OptOuts;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Interviews;

/// <summary>
/// A peer researcher interviewing someone through the pages, as a browser would: the same turn
/// pipeline as a text, so the same readers, skip logic and STOP rules apply.
/// </summary>
public sealed partial class InterviewPagesTests : IClassFixture<ServiceFactory>, IAsyncLifetime
{
    private static int _nextPhone;
    private readonly ServiceFactory _service;
    private SignedIn _peer = null!;

    public InterviewPagesTests(ServiceFactory service) => _service = service;

    public async Task InitializeAsync() => _peer = await SignIns.MemberAsync(_service, "Pat Peer", "peer-researcher");

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid> PersonAsync(string name)
    {
        var phone = "+4474001005" + Interlocked.Increment(ref _nextPhone).ToString("D2");
        var csv = $"name,phone,channel,next_checkin\n{name},{phone},sms,2026-01-10\n";
        Assert.Equal(HttpStatusCode.OK, (await _service.StaffClient().PostAsync("/api/people", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);
        return await Db(db => db.People.Where(p => p.Phone == phone).Select(p => p.Id).SingleAsync());
    }

    private async Task<T> Db<T>(Func<StoreDbContext, Task<T>> query)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }

    private async Task<string> StartAsync(Guid person, HttpClient? client = null)
    {
        var started = await StaffBrowser.PostFormAsync(client ?? _peer.Client, $"/staff/interviews/start/{person}",
            new() { ["Survey"] = "checkin", ["Mode"] = "phone", ["AnsweredBy"] = "with-help", ["Consent"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        return started.Headers.Location!.OriginalString;
    }

    /// <summary>Enters one answer (typed, or a button's value) with the token the page gave, and returns the page that follows.</summary>
    private async Task<string> AnswerAsync(string page, string answer, bool pressed = false)
    {
        var response = await StaffBrowser.PostFormAsync(_peer.Client, page, new() { [pressed ? "Choice" : "Typed"] = answer, ["Token"] = TokenOf(await _peer.Client.GetStringAsync(page)) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return WebUtility.HtmlDecode(await _peer.Client.GetStringAsync(page));
    }

    private static string TokenOf(string html) => TokenField().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"Token\" value=\"([0-9a-f]{24})\"")]
    private static partial Regex TokenField();

    [Fact]
    public async Task PeerResearcher_RunsAWholeCheckin_AndItCountsAsAnInterviewInTheExport()
    {
        var person = await PersonAsync("Rhian Interviewee");
        Assert.Contains("Rhian Interviewee", await _peer.Client.GetStringAsync("/staff/interviews"));

        var page = await StartAsync(person);
        var html = WebUtility.HtmlDecode(await _peer.Client.GetStringAsync(page));
        Assert.Contains("How happy are you with the support you get?", html);
        Assert.Contains("value=\"4\"", html);

        html = await AnswerAsync(page, "4", pressed: true);
        Assert.Contains("Do you feel safe where you live?", html);
        html = await AnswerAsync(page, "yes please");                 // the yes/no reader, as by text
        Assert.DoesNotContain("Finished", html);                       // "safer" is skipped: they feel safe
        Assert.Contains("What matters most", html);
        html = await AnswerAsync(page, "friends", pressed: true);
        html = await AnswerAsync(page, "twelve");                      // numbers in words
        html = await AnswerAsync(page, "skip", pressed: true);         // the optional call day
        html = await AnswerAsync(page, "More trips out");

        Assert.Contains("The interview is finished", html);
        var interview = await Db(db => db.Interviews.SingleAsync(i => i.PersonId == person));
        Assert.Equal((InterviewStatus.Completed, AnsweredBy.WithHelp, InterviewMode.Phone), (interview.Status, interview.AnsweredBy, interview.Mode));
        var answers = await Db(db => db.Answers.Where(a => a.PersonId == person).OrderBy(a => a.Id).Select(a => new { a.QuestionId, a.Value, a.Channel }).ToListAsync());
        Assert.Equal(["happy=4", "safe=yes", "matters=friends", "visits=12", "call_day=", "change=More trips out"], answers.Select(a => $"{a.QuestionId}={a.Value}"));
        Assert.All(answers, a => Assert.Equal(Channel.Interview, a.Channel));
        var csv = await _service.StaffClient().GetStringAsync("/api/surveys/checkin/export?format=csv");
        Assert.Contains($",interview,", csv);
        Assert.Contains($",{interview.Id},peer-researcher,phone,with-help,yes,", csv);
        Assert.Contains(await Db(db => db.AuditEvents.Select(e => e.Action).ToListAsync()), a => a == "interview-started");
    }

    [Fact]
    public async Task AnInterviewFinishingACheckinTheyWereInvitedTo_CompletesTheInvitation_AndMovesTheirNextCheckinOn()
    {
        var person = await PersonAsync("Gwen Checkin");
        await _service.RunJobAsync<CoProduction.Scheduling.Jobs.CheckinJob>(j => j.RunForDayAsync(new DateOnly(2026, 1, 10), default));
        var invitation = await Db(db => db.Invitations.Where(i => i.PersonId == person).Select(i => i.Id).SingleAsync());

        var page = await StartAsync(person);
        await AnswerAsync(page, "4", pressed: true);
        await AnswerAsync(page, "yes");
        await AnswerAsync(page, "friends", pressed: true);
        await AnswerAsync(page, "3");
        await AnswerAsync(page, "skip", pressed: true);
        Assert.Contains("The interview is finished", await AnswerAsync(page, "More trips out"));

        Assert.Equal(CoProduction.Store.Model.InvitationStatus.Completed, await Db(db => db.Invitations.Where(i => i.Id == invitation).Select(i => i.Status).SingleAsync()));
        Assert.Equal(new DateOnly(2027, 1, 10), await Db(db => db.People.Where(p => p.Id == person).Select(p => p.NextCheckin).SingleAsync()));
    }

    [Fact]
    public async Task AnUnclearAnswer_GetsAHintWordedForTheInterviewersForm_NotForAText()
    {
        var page = await StartAsync(await PersonAsync("Huw Hint"));

        var html = await AnswerAsync(page, "seven");

        Assert.Contains("Enter a number from 1 to 5.", html);
        Assert.DoesNotContain("Please reply", html);
        Assert.Contains("How happy are you with the support you get?", html);
    }

    [Fact]
    public async Task TheSameAnswerSentTwiceAtOnce_IsRecordedOnce()
    {
        var person = await PersonAsync("Dewi Twice");
        var page = await StartAsync(person);
        var form = await _peer.Client.GetStringAsync(page);
        var token = TokenOf(form);
        var antiforgery = await StaffBrowser.TokenAsync(_peer.Client, page);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _peer.Client.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Typed"] = "4", ["Token"] = token, ["__RequestVerificationToken"] = antiforgery,
        }))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(1, await Db(db => db.Answers.CountAsync(a => a.PersonId == person)));
    }

    [Fact]
    public async Task SomeoneWhoSaidStop_CannotBeInterviewed_AndIsToldWhyInPlainWords()
    {
        var person = await PersonAsync("Sam Stopped");
        await Db(async db =>
        {
            var phone = await db.People.Where(p => p.Id == person).Select(p => p.Phone).SingleAsync();
            await OptOutRegister.RecordAsync(db, phone, person, "STOP", null, DateTimeOffset.UtcNow, CancellationToken.None);
            return await db.SaveChangesAsync();
        });

        var page = await _peer.Client.GetAsync($"/staff/interviews/start/{person}");

        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(InterviewBook.StoppedReason), await page.Content.ReadAsStringAsync());
        Assert.Equal(0, await Db(db => db.Interviews.CountAsync(i => i.PersonId == person)));
    }

    [Fact]
    public async Task Stop_SaidDuringTheInterview_EndsItAndIsKept()
    {
        var person = await PersonAsync("Alys Stops");
        var page = await StartAsync(person);

        var html = await AnswerAsync(page, "stop");

        Assert.Contains("The interview ended before the last question", html);
        Assert.True(await Db(db => OptOutRegister.IsOptedOutAsync(db, null, person, CancellationToken.None)));
        var again = await _peer.Client.GetAsync($"/staff/interviews/start/{person}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task StartingWithoutConsent_ShowsTheProblemAgainstTheBox()
    {
        var person = await PersonAsync("Carys Consent");

        var response = await StaffBrowser.PostFormAsync(_peer.Client, $"/staff/interviews/start/{person}",
            new() { ["Survey"] = "checkin", ["Mode"] = "in-person", ["AnsweredBy"] = "person" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("href=\"#consent\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await Db(db => db.Interviews.CountAsync(i => i.PersonId == person)));
    }

    [Fact]
    public async Task AnEmptyAnswerOrAMadeUpToken_IsRefusedPlainly_AndRecordsNothing()
    {
        var person = await PersonAsync("Gwen Empty");
        var page = await StartAsync(person);

        var empty = await StaffBrowser.PostFormAsync(_peer.Client, page, new() { ["Typed"] = " ", ["Token"] = TokenOf(await _peer.Client.GetStringAsync(page)) });
        var madeUp = await StaffBrowser.PostFormAsync(_peer.Client, page, new() { ["Typed"] = "4", ["Token"] = "not-a-token" });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (empty.StatusCode, madeUp.StatusCode));
        Assert.Contains("Type their answer, or press one of the buttons.", await empty.Content.ReadAsStringAsync());
        Assert.Equal(0, await Db(db => db.Answers.CountAsync(a => a.PersonId == person)));
    }

    [Fact]
    public async Task AnotherInterviewer_CannotSeeOrAnswerSomeoneElsesInterview()
    {
        var person = await PersonAsync("Ifan Private");
        var page = await StartAsync(person);
        var staff = (await SignIns.StaffAsync(_service)).Client;

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(page)).StatusCode);
        var taken = await StaffBrowser.PostFormAsync(staff, $"/staff/interviews/start/{person}",
            new() { ["Survey"] = "checkin", ["Mode"] = "phone", ["AnsweredBy"] = "person", ["Consent"] = "true" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(InterviewBook.BusyReason), await taken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThePagesSpeakWelsh_WhenAskedTo()
    {
        var person = await PersonAsync("Elin Cymraeg");

        var start = WebUtility.HtmlDecode(await _peer.Client.GetStringAsync($"/staff/interviews/start/{person}?lang=cy"));

        Assert.Contains("Dechrau'r cyfweliad", start);
        Assert.Contains("lang=\"cy\"", start);
    }
}
