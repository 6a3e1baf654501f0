using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Rounds;
using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.Jobs;

/// <summary>
/// A round's results go back to the people who answered in it, through the one dispatcher: once
/// each, over the channel they answered by, never after STOP, never in quiet hours, never faster
/// than the number's rate. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class ResultsSendBackJobTests(IStoreBackend backend) : IAsyncLifetime
{
    private Harness _h = null!;
    public async Task InitializeAsync() => _h = await Harness.CreateAsync(configure: o => o.MessagesPerSecond = 2, backend: backend);
    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>A round of the check-in for everyone in "homes", everyone but <paramref name="silent"/> answering it (by <paramref name="answeredBy"/>, else as invited).</summary>
    private async Task<Guid> AnsweredRoundAsync(string csv, string? silent = null, Channel? answeredBy = null)
    {
        await _h.ImportAsync("phone,channel,timezone,groups\n" + csv);
        var round = await _h.RoundAsync();
        await _h.RoundInvitationsAsync(round);
        var quiet = silent is null ? (Guid?)null : (await _h.PersonAsync(silent)).Id;
        foreach (var invitation in (await _h.InvitationsAsync()).Where(i => i.PersonId != quiet)) await _h.AnswerAsync(invitation, "happy", "4", answeredBy);
        // The invitations themselves are over: only the results messages are left to send.
        await _h.Db(db => db.Invitations.ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Completed)));
        return round;
    }

    private Task<ReleaseOutcome> ReleaseAsync(Guid round) =>
        _h.Run(sp => sp.GetRequiredService<ResultsReleases>().PublishAsync("checkin", round, default));

    private Task<int> SendBackAsync(Guid release) => _h.Run(sp => sp.GetRequiredService<ResultsSendBackJob>().RunAsync(release, default));

    private async Task<List<Invitation>> ResultsMessagesAsync() => (await _h.InvitationsAsync()).Where(i => i.Kind == InvitationKind.Results).ToList();

    [Fact]
    public async Task Release_QueuesOneMessage_ForEachPersonWhoAnswered_OverTheChannelTheyAnsweredBy()
    {
        var round = await AnsweredRoundAsync("07700 900501,sms,,homes\n07700 900502,voice,,homes\n07700 900503,web,,homes\n07700 900504,sms,,homes\n", silent: "+447700900504");
        var release = (await ReleaseAsync(round)).Release!;

        Assert.Equal(3, await SendBackAsync(release.Id));
        Assert.Equal(0, await SendBackAsync(release.Id));

        var messages = await ResultsMessagesAsync();
        Assert.Equal([Channel.Sms, Channel.Voice, Channel.Web], messages.Select(m => m.Channel).Order().ToList());
        Assert.All(messages, m => Assert.Null(m.RoundId));
        var silent = await _h.PersonAsync("+447700900504");
        Assert.DoesNotContain(messages, m => m.PersonId == silent.Id);
        // The round's own figures are untouched by the messages.
        var progress = await _h.Run(sp => sp.GetRequiredService<RoundPlanner>().ProgressAsync(round, default));
        Assert.Equal(4, progress!.Invited);
    }

    [Fact]
    public async Task SimultaneousReleases_SendEachPersonOneMessage()
    {
        var round = await AnsweredRoundAsync("07700 900511,sms,,homes\n07700 900512,sms,,homes\n07700 900513,sms,,homes\n");

        // Two staff press "release" at once, on two servers; each that made a release queues its messages.
        var outcomes = await Task.WhenAll(ReleaseAsync(round), ReleaseAsync(round));
        Assert.Single(outcomes, o => o.Status == ReleaseStatus.Published);
        var ids = outcomes.Select(o => o.Release!.Id).Distinct().ToList();
        await Task.WhenAll(ids.Concat(ids).Select(SendBackAsync));
        await Task.WhenAll(_h.DispatchAsync(), _h.DispatchAsync());

        Assert.Equal(3, _h.Starter.Starts.Count);
        Assert.Equal(3, _h.Starter.Starts.Select(s => s.Start.PersonId).Distinct().Count());
        Assert.All(_h.Starter.Starts, s => Assert.Equal(InvitationKind.Results, s.Start.Kind));
        // A text is done once sent: it keeps no other survey waiting.
        Assert.All(await ResultsMessagesAsync(), m => Assert.Equal(InvitationStatus.Completed, m.Status));
    }

    [Fact]
    public async Task SendBack_NeverReachesSomeoneWhoTextedStop()
    {
        var round = await AnsweredRoundAsync("07700 900521,sms,,homes\n07700 900522,sms,,homes\n");
        var stopped = await _h.PersonAsync("+447700900522");
        await _h.Db(async db =>
        {
            db.OptOuts.Add(new OptOut { Phone = stopped.Phone, PersonId = stopped.Id, Keyword = "STOP", At = _h.Time.GetUtcNow() });
            return await db.SaveChangesAsync();
        });

        await SendBackAsync((await ReleaseAsync(round)).Release!.Id);
        var report = await _h.DispatchAsync();

        Assert.Equal(1, report.Sent);
        Assert.Equal(1, report.OptedOut);
        Assert.DoesNotContain(_h.Starter.Starts, s => s.Start.PersonId == stopped.Id);
    }

    [Fact]
    public async Task SendBack_WaitsForTheEndOfQuietHours_InThePersonsTimeZone()
    {
        var round = await AnsweredRoundAsync("07700 900531,sms,Europe/London,homes\n");
        _h.Time.AdjustTime(new DateTimeOffset(2026, 3, 2, 22, 30, 0, TimeSpan.Zero));

        await SendBackAsync((await ReleaseAsync(round)).Release!.Id);
        await _h.DispatchAsync();
        Assert.Empty(_h.Starter.Starts);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero), Assert.Single(await ResultsMessagesAsync()).NotBefore);

        _h.Time.AdjustTime(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
        await _h.DispatchAsync();
        Assert.Single(_h.Starter.Starts);
    }

    [Fact]
    public async Task SendBack_KeepsToTheSendRate()
    {
        var round = await AnsweredRoundAsync(string.Concat(Enumerable.Range(0, 5).Select(i => $"07700 90054{i},sms,,homes\n")));
        await SendBackAsync((await ReleaseAsync(round)).Release!.Id);
        var before = _h.Time.GetUtcNow();

        await _h.DispatchAsync();

        // Two messages a second: the n-th text waits for its slot, half a second after the one before.
        var times = _h.Starter.Starts.Select(s => s.At).Order().ToList();
        Assert.Equal(5, times.Count);
        for (var n = 0; n < times.Count; n++) Assert.True(times[n] >= before + TimeSpan.FromMilliseconds(500 * n), $"text {n} went at {times[n] - before}");
        var nextFree = await _h.Db(db => db.SendPaces.Select(p => p.NextFreeTicks).SingleAsync());
        Assert.True(new DateTimeOffset(nextFree, TimeSpan.Zero) - before >= TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task AResultsCall_DoesNotHoldBackTheNextSurvey()
    {
        var round = await AnsweredRoundAsync("07700 900551,voice,,homes\n");
        await SendBackAsync((await ReleaseAsync(round)).Release!.Id);
        await _h.DispatchAsync();
        Assert.Equal(InvitationStatus.Sent, Assert.Single(await ResultsMessagesAsync()).Status);

        await _h.RoundInvitationsAsync(await _h.RoundAsync());
        var report = await _h.DispatchAsync();
        Assert.Equal(1, report.Sent);
    }

    [Fact]
    public async Task PeopleWhoAnsweredByPhone_GetACall_OrATextWhenTheyPreferTexts()
    {
        // All three answered by phone; their records say texts, calls, and chat (reached by text).
        var round = await AnsweredRoundAsync("07700 900561,voice,,homes\n07700 900562,voice,,homes\n07700 900563,voice,,homes\n");
        await _h.ImportAsync("phone,channel\n07700 900561,sms\n07700 900563,web\n");

        await SendBackAsync((await ReleaseAsync(round)).Release!.Id);
        await _h.DispatchAsync();

        var byPhone = new Dictionary<Guid, string>();
        foreach (var phone in new[] { "+447700900561", "+447700900562", "+447700900563" }) byPhone[(await _h.PersonAsync(phone)).Id] = phone;
        var started = _h.Starter.Starts.ToDictionary(s => byPhone[s.Start.PersonId], s => s.Start.Channel);
        Assert.Equal(Channel.Sms, started["+447700900561"]);
        Assert.Equal(Channel.Voice, started["+447700900562"]);
        Assert.Equal(Channel.Sms, started["+447700900563"]);
        // The texts are done once sent; the call waits to be answered.
        var status = (await ResultsMessagesAsync()).ToDictionary(m => byPhone[m.PersonId], m => m.Status);
        Assert.Equal(InvitationStatus.Completed, status["+447700900561"]);
        Assert.Equal(InvitationStatus.Sent, status["+447700900562"]);
    }

    [Fact]
    public async Task PeopleWhoAnsweredByText_AreTextedEvenWhenTheyPreferCalls()
    {
        var round = await AnsweredRoundAsync("07700 900571,voice,,homes\n", answeredBy: Channel.Sms);

        await SendBackAsync((await ReleaseAsync(round)).Release!.Id);

        Assert.Equal(Channel.Sms, Assert.Single(await ResultsMessagesAsync()).Channel);
    }

    public sealed class OnSqlite() : ResultsSendBackJobTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : ResultsSendBackJobTests(server.DatabaseFor<OnPostgres>());
}
