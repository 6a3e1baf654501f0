using CoProduction.Scheduling.Dispatch;
using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.Dispatch;

/// <summary>
/// Invitations a node left "sending" when it died: never sent a second time when Twilio may have
/// been asked, sent when it surely was not. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class InterruptedSendsTests(IStoreBackend backend) : IAsyncLifetime
{
    private Harness _h = null!;
    public async Task InitializeAsync() => _h = await Harness.CreateAsync(configure: o => o.MessagesPerSecond = 10, backend: backend);
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task TheMark_IsInTheStore_BeforeTwilioIsAsked_AndGoneOnceTheAnswerIsRecorded()
    {
        await MakeInvitationsAsync(1);
        DateTimeOffset? markWhenAsked = null;
        _h.Starter.Before = async start =>
            markWhenAsked = await _h.Db(db => db.Invitations.Where(i => i.Id == start.InvitationId).Select(i => i.HandedOverAt).SingleAsync());

        await _h.DispatchAsync();

        Assert.NotNull(markWhenAsked);
        var sent = Assert.Single(await _h.InvitationsAsync());
        Assert.Equal(InvitationStatus.Sent, sent.Status);
        Assert.Null(sent.HandedOverAt);
    }

    [Fact]
    public async Task LeftSendingAfterTwilioWasAsked_CountsAsSentWithANote_AndIsNeverSentAgain()
    {
        var (asked, notAsked) = await LeaveTwoSendingAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(16));

        var report = await _h.DispatchAsync();
        await _h.DispatchAsync();

        Assert.Equal(2, report.Interrupted);
        // Only the one never handed to Twilio goes, once.
        var start = Assert.Single(_h.Starter.Starts);
        Assert.Equal(notAsked, start.Start.InvitationId);
        var invitation = (await _h.InvitationsAsync()).Single(i => i.Id == asked);
        Assert.Equal(InvitationStatus.Sent, invitation.Status);
        Assert.Equal(InterruptedSends.MayNotHaveArrived, invitation.LastError);
        Assert.Null(invitation.HandedOverAt);
    }

    [Fact]
    public async Task LeftSending_IsLeftAlone_UntilItHasBeenSendingLongerThanTheSetting()
    {
        await LeaveTwoSendingAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(14));

        var report = await _h.DispatchAsync();

        Assert.Equal(0, report.Interrupted);
        Assert.Empty(_h.Starter.Starts);
        Assert.All(await _h.InvitationsAsync(), i => Assert.Equal(InvitationStatus.Sending, i.Status));
    }

    private async Task MakeInvitationsAsync(int people)
    {
        await _h.ImportAsync("name,phone,channel,groups\n" + string.Concat(Enumerable.Range(0, people).Select(i => $"P{i},07700 900{i + 300:000},web,homes\n")));
        await _h.RoundInvitationsAsync(await _h.RoundAsync());
    }

    /// <summary>As a node that died would leave them: both claimed, one already handed to Twilio.</summary>
    private async Task<(Guid Asked, Guid NotAsked)> LeaveTwoSendingAsync()
    {
        await MakeInvitationsAsync(2);
        var now = _h.Time.GetUtcNow();
        var ids = await _h.Db(async db =>
        {
            var invitations = await db.Invitations.OrderBy(i => i.Id).ToListAsync();
            foreach (var invitation in invitations)
            {
                invitation.Status = InvitationStatus.Sending;
                invitation.NotBefore = now;
                invitation.Attempts = 1;
            }
            invitations[0].HandedOverAt = now;
            await db.SaveChangesAsync();
            return invitations.Select(i => i.Id).ToList();
        });
        return (ids[0], ids[1]);
    }

    public sealed class OnSqlite() : InterruptedSendsTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : InterruptedSendsTests(server.DatabaseFor<OnPostgres>());
}
