using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Politeness;
using CoProduction.Scheduling.Rounds;
using CoProduction.Scheduling.Starting;
using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.Jobs;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class InvitationDispatcherTests(IStoreBackend backend) : IAsyncLifetime
{
    private Harness _h = null!;
    public async Task InitializeAsync() => _h = await Harness.CreateAsync(configure: o => o.MessagesPerSecond = 10, backend: backend);
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<Guid> RoundAsync(string groups = "homes", string channel = "preferred", double? reminderDays = null, int? reminders = null) =>
        _h.RoundAsync(groups, channel, reminderDays, reminders);

    private Task ImportAsync(int count, string timezone = "Europe/London", string channel = "sms") =>
        _h.ImportAsync("name,phone,channel,timezone,groups\n" + string.Concat(Enumerable.Range(0, count)
            .Select(i => $"P{i},07700 900{i + 200:000},{channel},{timezone},homes\n")));

    [Fact]
    public async Task Jobs_RunTwice_SendEachInvitationOnce()
    {
        await ImportAsync(12);
        var round = await RoundAsync();
        Assert.Equal(12, await _h.RoundInvitationsAsync(round));
        Assert.Equal(0, await _h.RoundInvitationsAsync(round));

        // Two dispatchers at once (two servers), then a third run later.
        await Task.WhenAll(_h.DispatchAsync(), _h.DispatchAsync());
        await _h.DispatchAsync();

        Assert.Equal(12, _h.Starter.Starts.Count);
        Assert.Equal(12, _h.Starter.Starts.Select(s => s.Start.InvitationId).Distinct().Count());
        Assert.All(await _h.InvitationsAsync(), i => Assert.Equal(InvitationStatus.Sent, i.Status));
    }

    [Fact]
    public async Task Stop_ArrivingBetweenSchedulingAndSending_Wins()
    {
        await ImportAsync(3);
        var round = await RoundAsync();
        await _h.RoundInvitationsAsync(round);
        var stopped = await _h.PersonAsync("+447700900201");
        // They text STOP after the invitation was made, before the dispatcher runs.
        await _h.Db(async db =>
        {
            db.OptOuts.Add(new OptOut { Phone = stopped.Phone, PersonId = stopped.Id, Keyword = "STOP", At = _h.Time.GetUtcNow() });
            return await db.SaveChangesAsync();
        });

        var report = await _h.DispatchAsync();

        Assert.Equal(2, report.Sent);
        Assert.Equal(1, report.OptedOut);
        Assert.DoesNotContain(_h.Starter.Starts, s => s.Start.PersonId == stopped.Id);
        var progress = await _h.Run(sp => sp.GetRequiredService<RoundPlanner>().ProgressAsync(round, default));
        Assert.Equal(1, progress!.OptedOut);
        Assert.Equal(2, progress.Sent);
    }

    [Fact]
    public async Task Stop_ArrivingWhileWaitingForTheRateLimit_StillWins()
    {
        await ImportAsync(2);
        await _h.RoundInvitationsAsync(await RoundAsync());
        var people = await _h.Db(db => db.People.AsNoTracking().ToListAsync());
        Guid? stopped = null;
        _h.Starter.Before = async start =>
        {
            // While the first is being sent, the other person texts STOP.
            if (stopped is not null) return;
            var other = people.Single(p => p.Id != start.PersonId);
            stopped = other.Id;
            await _h.Db(async db =>
            {
                db.OptOuts.Add(new OptOut { Phone = other.Phone, PersonId = other.Id, Keyword = "STOP", At = _h.Time.GetUtcNow() });
                return await db.SaveChangesAsync();
            });
        };
        await _h.DispatchAsync();
        Assert.Single(_h.Starter.Starts);
        Assert.DoesNotContain(_h.Starter.Starts, s => s.Start.PersonId == stopped);
    }

    [Fact]
    public async Task Stop_ArrivingAfterTheClaim_WhileItsSlotIsStillAhead_Wins()
    {
        await ImportAsync(1);
        await _h.RoundInvitationsAsync(await RoundAsync());
        var person = (await _h.Db(db => db.People.AsNoTracking().ToListAsync())).Single();
        // Another sender has the number's next five seconds (50 texts at 10 a second).
        await _h.Run(async sp => { await sp.GetRequiredService<SendRateLimiter>().ChargeAsync("default", 50, default); return 0; });

        var run = Task.Run(() => _h.Run(sp => sp.GetRequiredService<InvitationDispatcher>().RunAsync(default)));
        // Claimed, and waiting for its slot (the fake clock stands still meanwhile) ...
        while ((await _h.InvitationsAsync()).Single().Status != InvitationStatus.Sending && !run.IsCompleted) await Task.Delay(5);
        // ... when they text STOP.
        await _h.Db(async db =>
        {
            db.OptOuts.Add(new OptOut { Phone = person.Phone, PersonId = person.Id, Keyword = "STOP", At = _h.Time.GetUtcNow() });
            return await db.SaveChangesAsync();
        });
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(1));
            if (!run.IsCompleted) _h.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var report = await run;
        Assert.Empty(_h.Starter.Starts);
        Assert.Equal(1, report.OptedOut);
        Assert.Equal(InvitationStatus.OptedOut, (await _h.InvitationsAsync()).Single().Status);
    }

    [Fact]
    public async Task QuietHours_HoldInvitations_UntilNineInEachPersonsTimeZone()
    {
        // 22:00 UTC: night in London, but 09:00 next morning in Sydney (UTC+11 in March).
        var late = new DateTimeOffset(2026, 3, 2, 22, 0, 0, TimeSpan.Zero);
        _h.Time.AdjustTime(late);
        await _h.ImportAsync("phone,timezone,groups\n07700 900301,Europe/London,homes\n07700 900302,Australia/Sydney,homes\n");
        await _h.RoundInvitationsAsync(await RoundAsync());

        await _h.DispatchAsync();
        var sydney = await _h.PersonAsync("+447700900302");
        var first = Assert.Single(_h.Starter.Starts);
        Assert.Equal(sydney.Id, first.Start.PersonId);

        var london = (await _h.InvitationsAsync()).Single(i => i.PersonId != sydney.Id);
        Assert.Equal(InvitationStatus.Pending, london.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero), london.NotBefore);

        _h.Time.AdjustTime(new DateTimeOffset(2026, 3, 3, 8, 59, 0, TimeSpan.Zero));
        await _h.DispatchAsync();
        Assert.Single(_h.Starter.Starts);
        _h.Time.AdjustTime(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
        await _h.DispatchAsync();
        Assert.Equal(2, _h.Starter.Starts.Count);
    }

    [Fact]
    public async Task CarrierOptOut21610_MarksThePersonOptedOut_AndNothingMoreGoesToThem()
    {
        await ImportAsync(1);
        var round = await RoundAsync(reminderDays: 1);
        await _h.RoundInvitationsAsync(round);
        _h.Starter.Script.Enqueue(StartResult.OptedOut("The carrier says they opted out (Twilio 21610)."));
        await _h.DispatchAsync();

        var invitation = Assert.Single(await _h.InvitationsAsync());
        Assert.Equal(InvitationStatus.OptedOut, invitation.Status);
        Assert.Equal(1, await _h.Db(db => db.OptOuts.CountAsync(o => o.PersonId == invitation.PersonId && o.EndedAt == null)));

        // A second round for them: never sent.
        await _h.RoundInvitationsAsync(await RoundAsync());
        _h.Time.Advance(TimeSpan.FromDays(2));
        await _h.DispatchAsync();
        Assert.Single(_h.Starter.Starts);
    }

    [Fact]
    public async Task RetryableFailures_AreTriedAgainWithBackoff_ThenShowAsFailed()
    {
        await ImportAsync(1);
        var round = await RoundAsync();
        await _h.RoundInvitationsAsync(round);
        for (var i = 0; i < 10; i++) _h.Starter.Script.Enqueue(StartResult.Retry("Twilio is busy (429)."));

        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await _h.DispatchAsync();
            var invitation = Assert.Single(await _h.InvitationsAsync());
            Assert.Equal(attempt, invitation.Attempts);
            if (attempt < 5)
            {
                Assert.Equal(InvitationStatus.Pending, invitation.Status);
                waits.Add(invitation.NotBefore - _h.Time.GetUtcNow());
                _h.Time.AdjustTime(invitation.NotBefore);
            }
            else
            {
                Assert.Equal(InvitationStatus.Failed, invitation.Status);
            }
        }
        Assert.Equal(5, _h.Starter.Starts.Count);
        Assert.True(waits.Zip(waits.Skip(1)).All(p => p.Second > p.First), "each wait longer than the last");
        var progress = await _h.Run(sp => sp.GetRequiredService<RoundPlanner>().ProgressAsync(round, default));
        Assert.Equal(1, progress!.Failed);
    }

    [Fact]
    public async Task AStartThatWentInPart_WaitsWithWhatDidNotGo_AndItsRetryIsGivenOnlyThat()
    {
        await ImportAsync(1);
        var round = await RoundAsync();
        await _h.RoundInvitationsAsync(round);
        _h.Starter.Script.Enqueue(StartResult.PartlySent(1, "The first text went but the next did not.", ["Question 1: How happy are you?"], retryable: true));
        _h.Starter.Script.Enqueue(StartResult.Retry("Twilio is busy (429)."));
        // The start saves their session before its texts go; nobody replies meanwhile.
        _h.Starter.Before = start => start.Unsent is null ? _h.StartedAsync(start.InvitationId, start.PersonId) : Task.CompletedTask;

        await _h.DispatchAsync();
        var waiting = Assert.Single(await _h.InvitationsAsync());
        Assert.Equal(InvitationStatus.Pending, waiting.Status);
        Assert.Null(waiting.SentAt);
        _h.Time.AdjustTime(waiting.NotBefore);
        await _h.DispatchAsync();
        _h.Time.AdjustTime(Assert.Single(await _h.InvitationsAsync()).NotBefore);
        await _h.DispatchAsync();

        var starts = _h.Starter.Starts.Select(s => s.Start).ToList();
        Assert.Equal(3, starts.Count);
        Assert.Null(starts[0].Unsent);
        // Kept through a retry that sent nothing, and never given to the first start again.
        Assert.All(starts.Skip(1), s => Assert.Equal(new[] { "Question 1: How happy are you?" }, s.Unsent!));
        var sent = Assert.Single(await _h.InvitationsAsync());
        Assert.Equal(InvitationStatus.Sent, sent.Status);
        Assert.Null(sent.UnsentTexts);
        Assert.Null(sent.LastError);
    }

    [Fact]
    public async Task OnlyOneSurvey_IsOpenPerPerson_AtATime()
    {
        await ImportAsync(1);
        await _h.RoundInvitationsAsync(await RoundAsync());
        await _h.RoundInvitationsAsync(await RoundAsync());
        await _h.DispatchAsync();
        Assert.Single(_h.Starter.Starts);
        var held = (await _h.InvitationsAsync()).Single(i => i.Status == InvitationStatus.Pending);
        Assert.True(held.NotBefore > _h.Time.GetUtcNow());
    }

    [Fact]
    public async Task Reminders_GoToThoseWhoHaveNotStarted_AndStopWhenTheRoundCloses()
    {
        await ImportAsync(2);
        var round = await RoundAsync(reminderDays: 3, reminders: 2);
        await _h.RoundInvitationsAsync(round);
        await _h.DispatchAsync();
        var invitations = await _h.InvitationsAsync();
        // One person begins answering.
        await _h.Db(async db =>
        {
            var started = await db.Invitations.FindAsync(invitations[0].Id);
            CoProduction.Store.Invitations.InvitationProgress.Advance(started!, InvitationStatus.Started, _h.Time.GetUtcNow());
            started!.RemindAt = null;
            return await db.SaveChangesAsync();
        });

        _h.Time.Advance(TimeSpan.FromDays(3));
        await _h.DispatchAsync();
        var reminders = _h.Starter.Starts.Where(s => s.Start.IsReminder).ToList();
        Assert.Equal(invitations[1].Id, Assert.Single(reminders).Start.InvitationId);

        await _h.Run(sp => sp.GetRequiredService<RoundPlanner>().CloseAsync(round, default));
        _h.Time.Advance(TimeSpan.FromDays(3));
        await _h.DispatchAsync();
        Assert.Single(_h.Starter.Starts, s => s.Start.IsReminder);
    }

    [Fact]
    public async Task Channel_IsEachPersonsPreferred_UnlessTheRoundSaysOtherwise()
    {
        await _h.ImportAsync("phone,channel,groups\n07700 900401,voice,homes\n07700 900402,web,homes\n07700 900403,,homes\n");
        await _h.RoundInvitationsAsync(await RoundAsync());
        var channels = (await _h.InvitationsAsync()).Select(i => i.Channel).Order().ToList();
        Assert.Equal([Channel.Sms, Channel.Voice, Channel.Web], channels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TheSendRate_CountsMessages_SoAnInvitationOfTwoTextsTakesTwoSlotsOfTheNumber(int texts)
    {
        await ImportAsync(1);
        await _h.RoundInvitationsAsync(await RoundAsync());
        _h.Starter.Script.Enqueue(StartResult.Sent("SM1", messages: texts));
        var now = _h.Time.GetUtcNow();

        // The clock stands still: the first send from a number never waits.
        await _h.Run(sp => sp.GetRequiredService<InvitationDispatcher>().RunAsync(default));

        Assert.Single(_h.Starter.Starts);
        var nextFree = await _h.Db(db => db.SendPaces.Select(p => p.NextFreeTicks).SingleAsync());
        // Ten messages a second: each text takes a tenth of a second of the number's time.
        Assert.Equal(TimeSpan.FromMilliseconds(100 * texts), new DateTimeOffset(nextFree, TimeSpan.Zero) - now);
    }

    public sealed class OnSqlite() : InvitationDispatcherTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : InvitationDispatcherTests(server.DatabaseFor<OnPostgres>());
}
