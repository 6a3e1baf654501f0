using CoProduction.Scheduling.Dispatch;
using CoProduction.Scheduling.Links;
using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.Links;

/// <summary>
/// The tokens a round's invitations get, in several batches, and the links they go in: unique,
/// stamped in the order the batches were written, and opening their invitation, as links texted
/// before the stamp was added still do. On SQLite and on PostgreSQL.
/// </summary>
public abstract class InvitationLinkTokensTests(IStoreBackend backend) : IAsyncLifetime
{
    private const int People = 237; // three batches of 100, the last short
    private Harness _h = null!;

    public async Task InitializeAsync() => _h = await Harness.CreateAsync(configure: o => o.BatchSize = 100, backend: backend);
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<Guid> RoundAsync()
    {
        await _h.ImportAsync("name,phone,channel,timezone,groups\n" + string.Concat(Enumerable.Range(0, People)
            .Select(i => $"P{i},07700 900{i + 100:000},web,Europe/London,homes\n")));
        return await _h.RoundAsync();
    }

    [Fact]
    public async Task RoundTokens_AreUnique_AndStampedInTheOrderTheirBatchesWereWritten()
    {
        Assert.Equal(People, await _h.RoundInvitationsAsync(await RoundAsync()));

        // Ids follow the order rows were written in.
        var written = (await _h.InvitationsAsync()).OrderBy(i => i.Id).ToList();
        Assert.Equal(People, written.Select(i => i.Token).Distinct(StringComparer.Ordinal).Count());
        var stamps = written.Select(i => i.Token[..InvitationTokens.StampLength]).ToList();
        Assert.Equal(3, stamps.Distinct().Count());
        Assert.Equal(stamps.Order(StringComparer.Ordinal), stamps);
    }

    [Fact]
    public async Task ALink_OpensItsInvitation_WhetherItsTokenIsStampedOrFromBeforeTheStamp()
    {
        await RoundAsync();
        var people = await _h.Db(db => db.People.AsNoTracking().OrderBy(p => p.Phone).Take(2).ToListAsync());
        var now = _h.Time.GetUtcNow();
        // A token as links were made before: 24 random base64url characters, '-' and '_' included.
        const string before = "Qv-7_zK0pLmN3xYb9T_a-EwR";
        var stamped = InvitationTokens.New(now);
        await _h.Db(async db =>
        {
            db.Invitations.AddRange(
                Web(people[0].Id, before, now, "old"),
                Web(people[1].Id, stamped, now, "new"));
            return await db.SaveChangesAsync();
        });

        var old = await _h.Run(sp => sp.GetRequiredService<IInvitationLinks>().ResolveAsync(before, default));
        var fresh = await _h.Run(sp => sp.GetRequiredService<IInvitationLinks>().ResolveAsync(stamped, default));
        var near = await _h.Run(sp => sp.GetRequiredService<IInvitationLinks>().ResolveAsync(stamped[..^1] + (stamped[^1] == 'A' ? 'B' : 'A'), default));

        Assert.Equal(people[0].Id, old?.PersonId);
        Assert.Equal(people[1].Id, fresh?.PersonId);
        Assert.Null(near);
    }

    private static Invitation Web(Guid person, string token, DateTimeOffset now, string key) => new()
    {
        Id = Guid.CreateVersion7(now),
        IdempotencyKey = "test:" + key,
        Kind = InvitationKind.Round,
        PersonId = person,
        SurveyId = "checkin",
        Version = 1,
        Channel = Surveys.Definitions.Channel.Web,
        Status = InvitationStatus.Sent,
        Token = token,
        NotBefore = now,
        ExpiresAt = now.AddDays(7),
        CreatedAt = now,
    };

    public sealed class OnSqlite() : InvitationLinkTokensTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : InvitationLinkTokensTests(server.DatabaseFor<OnPostgres>());
}
