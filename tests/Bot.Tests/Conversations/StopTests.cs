using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.Twilio;
using CoProduction.Scheduling.Jobs;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Surveys.Engine;
using CoProduction.Testing;
using CoProduction.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Conversations;

/// <summary>
/// Every way STOP reaches us and every way back, through the real webhooks (signed as Twilio
/// signs) and the real jobs, on SQLite and on PostgreSQL (where a too-long keyword once broke
/// the opt-out): see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.
/// </summary>
public abstract class StopTests(IStoreBackend backend) : IAsyncLifetime
{
    private const string Ann = "+447700900701";
    private readonly ServiceFactory _service = ServiceFactory.ForScheduling();
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_service.DataDirectory);
        _database = await backend.CreateDatabaseAsync(_service.DataDirectory);
        _service.Settings["Store:Provider"] = backend.Provider;
        _service.Settings["ConnectionStrings:Store"] = _database.ConnectionString;
        // On PostgreSQL (a store nodes share) the service will not make up its own chat secret.
        _service.Settings["DirectLine:Secret"] = "stop-tests-directline-secret-0123456789";
    }

    public async Task DisposeAsync()
    {
        _service.Dispose();
        await _database.DisposeAsync();
    }

    private Task<T> Db<T>(Func<StoreDbContext, Task<T>> query) => InScope(sp => query(sp.GetRequiredService<StoreDbContext>()));

    private async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<bool> IsOptedOutAsync(string phone) => Db(db => OptOutRegister.IsOptedOutAsync(db, phone, null, default));

    /// <summary>Imports Ann (once), opens a round of the check-in for her, runs the jobs; the texts sent to her in this round.</summary>
    private async Task<List<string>> InviteAnnAsync(string channel = "sms")
    {
        var staff = _service.StaffClient();
        var csv = $"name,phone,channel,language,timezone,groups\nAnn,{Ann},{channel},en,Europe/London,invited\n";
        var import = await staff.PostAsync("/api/people", new StringContent(csv, new MediaTypeHeaderValue("text/csv")));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var before = await OutboxToAnnAsync();
        var created = await staff.PostAsJsonAsync("/api/rounds", new
        {
            survey = "checkin", groups = new[] { "invited" }, channel = "preferred",
            opens = DateTimeOffset.UtcNow.AddMinutes(-1), closes = DateTimeOffset.UtcNow.AddDays(14),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var round = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();
        await _service.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(round, default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));
        return (await OutboxToAnnAsync()).Skip(before.Count).ToList();
    }

    private async Task<List<string>> OutboxToAnnAsync()
    {
        var outbox = await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/outbox"));
        return outbox.EnumerateArray().Where(e => e.GetProperty("to").GetString() == Ann).Select(e => e.GetProperty("body").GetString()!).ToList();
    }

    [Fact]
    public async Task StopInOwnWords_AtAFreeTextQuestion_EndsTheSurvey_RecordsStop_AndNoInvitationIsSent()
    {
        var phone = _service.Phone(Ann);
        await phone.TextAsync("CHECKIN");
        await phone.TextAsync("4");
        Assert.Contains("What would help", string.Join("\n", await phone.TextAsync("no")));

        var reply = await phone.TextAsync("Please stop texting me now, thank you.");

        Assert.Contains("You have stopped", Assert.Single(reply));
        var optOut = await Db(db => db.OptOuts.SingleAsync());
        Assert.Equal((Ann, "STOP", ServiceFactory.OurNumber, (DateTimeOffset?)null), (optOut.Phone, optOut.Keyword, optOut.OurNumber, optOut.EndedAt));
        Assert.Equal(SessionStatus.Stopped, await Db(db => db.Sessions.Select(s => s.Status).SingleAsync()));
        // What they wrote is not an answer either.
        Assert.DoesNotContain(await Db(db => db.Answers.Select(a => a.Raw).ToListAsync()), raw => raw.Contains("stop", StringComparison.OrdinalIgnoreCase));

        Assert.Empty(await InviteAnnAsync());
        Assert.Equal(InvitationStatus.OptedOut, await Db(db => db.Invitations.Select(i => i.Status).SingleAsync()));
    }

    [Fact]
    public async Task DeliveryReport21610_RecordsACarrierOptOut_AndTheNextInvitationIsNotSent()
    {
        Assert.NotEmpty(await InviteAnnAsync());
        var sid = await Db(db => db.Invitations.Select(i => i.ProviderId!).SingleAsync());
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = sid, ["MessageStatus"] = "undelivered", ["ErrorCode"] = "21610",
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef", ["From"] = ServiceFactory.OurNumber, ["To"] = Ann,
        };
        const string url = "http://localhost/twilio/status";
        // Twilio retries callbacks: twice must record one opt-out.
        for (var i = 0; i < 2; i++)
        {
            using var request = TwilioRequests.SignedPost(url, form, ServiceFactory.AuthToken);
            Assert.Equal(HttpStatusCode.OK, (await _service.CreateClient().SendAsync(request)).StatusCode);
        }

        var optOut = await Db(db => db.OptOuts.SingleAsync());
        Assert.Equal((Ann, OptOutRegister.Carrier), (optOut.Phone, optOut.Keyword));
        Assert.True(await IsOptedOutAsync(Ann));
        Assert.Empty(await InviteAnnAsync());
    }

    [Fact]
    public async Task SpokenStopInOwnWords_MidCall_EndsTheCall_AndRecordsStop()
    {
        var call = _service.Call(Ann);
        await call.StartInboundAsync();
        await call.PressAsync("1");
        await call.PressAsync("1");
        Assert.Contains("How happy are you", call.LastPrompt);

        await call.SayAsync("Please stop calling me, thank you.");

        Assert.True(call.IsHungUp);
        Assert.Contains(call.Said, s => s.Contains("You have stopped", StringComparison.Ordinal));
        Assert.Equal("STOP", await Db(db => db.OptOuts.Select(o => o.Keyword).SingleAsync()));
        Assert.Empty(await Db(db => db.Answers.ToListAsync()));
    }

    [Fact]
    public async Task Caller_WhoStopped_IsToldToTextStart_AndAYesOnTheCallNeverOptsBackIn()
    {
        await _service.Phone(Ann).TextAsync("stop messaging me thanks");

        var call = _service.Call(Ann);
        await call.StartInboundAsync();

        Assert.Contains("text START", call.LastPrompt + string.Join(" ", call.Said));
        Assert.True(call.IsHungUp);
        // Even if a "yes" or a spoken START reached the gather webhook (a spoofed caller ID), it changes nothing.
        foreach (var (speech, digits) in new[] { ("yes", "1"), ("start", ""), ("yes please take part again", "") })
        {
            var gather = new Dictionary<string, string>
            {
                ["CallSid"] = "CA" + Guid.NewGuid().ToString("N"), ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
                ["From"] = Ann, ["To"] = ServiceFactory.OurNumber, ["CallStatus"] = "in-progress", ["Direction"] = "inbound",
                ["SpeechResult"] = speech, ["Confidence"] = "0.9", ["Digits"] = digits,
            };
            const string url = "http://localhost/twilio/voice/gather";
            using var request = TwilioRequests.SignedPost(url, gather, ServiceFactory.AuthToken);
            var response = await _service.CreateClient().SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("text START", await response.Content.ReadAsStringAsync());
        }

        Assert.True(await IsOptedOutAsync(Ann));
        Assert.Null(await Db(db => db.OptOuts.Select(o => o.EndedAt).SingleAsync()));
    }

    [Theory]
    [InlineData("START", "START", "Welcome back")]
    [InlineData("dechrau", "DECHRAU", "Welcome back")]
    public async Task StartByText_OptsBackIn_AndInvitationsGoAgain(string text, string recorded, string reply)
    {
        var phone = _service.Phone(Ann);
        await phone.TextAsync("no more texts please");
        Assert.Empty(await phone.TextAsync("yes"));

        Assert.Contains(reply, string.Join("\n", await phone.TextAsync(text)));

        Assert.False(await IsOptedOutAsync(Ann));
        Assert.Equal(("STOP", recorded), await Db(db => db.OptOuts.Select(o => new ValueTuple<string, string?>(o.Keyword, o.EndedKeyword)).SingleAsync()));
        Assert.Contains(await InviteAnnAsync(), text => text.Contains("How happy are you"));
    }

    [Fact]
    public async Task Staff_MayRecordAStopAndLiftIt_ThroughTheApi()
    {
        var staff = _service.StaffClient();

        var stop = await staff.PostAsJsonAsync("/api/people/opt-out", new { phone = "07700 900701" });
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.True(await IsOptedOutAsync(Ann));
        Assert.Empty(await InviteAnnAsync());

        var start = await staff.PostAsJsonAsync("/api/people/opt-in", new { phone = Ann });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.True((await Json.ReadAsync(start)).GetProperty("changed").GetBoolean());
        Assert.False(await IsOptedOutAsync(Ann));
        Assert.Equal(("STAFF", "STAFF"), await Db(db => db.OptOuts.Select(o => new ValueTuple<string, string?>(o.Keyword, o.EndedKeyword)).SingleAsync()));

        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync("/api/people/opt-in", new { phone = "not a number" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _service.CreateClient().PostAsJsonAsync("/api/people/opt-in", new { phone = Ann })).StatusCode);
    }

    public sealed class OnSqlite() : StopTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StopTests(server.DatabaseFor<OnPostgres>());
}
