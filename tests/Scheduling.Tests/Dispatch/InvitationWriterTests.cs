using CoProduction.Scheduling.Rounds;
using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.Dispatch;

/// <summary>
/// The hand-written INSERT ... ON CONFLICT DO NOTHING, through the round invitations job, with
/// one batch big enough that PostgreSQL's 100-rows-a-statement path runs whole statements and a
/// shorter last one (SQLite's runs one prepared statement a row). Runs on SQLite and on PostgreSQL: see the
/// nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.
/// </summary>
public abstract class InvitationWriterTests(IStoreBackend backend) : IAsyncLifetime
{
    private const int People = 237; // two full statements of 100 and one of 37
    private Harness _h = null!;

    public async Task InitializeAsync() => _h = await Harness.CreateAsync(configure: o => o.BatchSize = 500, backend: backend);
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<Guid> RoundAsync()
    {
        await _h.ImportAsync("name,phone,channel,timezone,groups\n" + string.Concat(Enumerable.Range(0, People)
            .Select(i => $"P{i},07700 900{i + 100:000},{(i % 3 == 0 ? "voice" : "sms")},Europe/London,homes\n")));
        var created = await _h.Run(sp => sp.GetRequiredService<RoundPlanner>().CreateAsync(
            new RoundRequest("checkin", ["homes"], "preferred", _h.Time.GetUtcNow().AddHours(1), _h.Time.GetUtcNow().AddDays(14), 3, 2), default));
        Assert.True(created.Succeeded, string.Join(" ", created.Problems));
        return created.Id!.Value;
    }

    [Fact]
    public async Task RoundInvitations_InOneBigBatch_AreWrittenOnce_AsEfWouldWriteThem()
    {
        var round = await RoundAsync();

        Assert.Equal(People, await _h.RoundInvitationsAsync(round));
        Assert.Equal(0, await _h.RoundInvitationsAsync(round));

        var invitations = await _h.InvitationsAsync();
        Assert.Equal(People, invitations.Count);
        Assert.Equal(People, invitations.Select(i => i.IdempotencyKey).Distinct().Count());
        var people = await _h.Db(db => db.People.AsNoTracking().ToDictionaryAsync(p => p.Id));
        Assert.All(invitations, i =>
        {
            // Read back through EF: every column round-trips (enums, times, nullable dates).
            Assert.Equal(InvitationKind.Round, i.Kind);
            Assert.Equal(round, i.RoundId);
            Assert.Equal(InvitationStatus.Pending, i.Status);
            Assert.Equal(Harness.Noon.AddHours(1), i.NotBefore);
            Assert.Equal(TimeSpan.Zero, i.NotBefore.Offset);
            Assert.Null(i.CheckinDate);
            Assert.Equal(people[i.PersonId].PreferredChannel, i.Channel);
        });
    }

    [Fact]
    public async Task RoundInvitations_MeetingKeysAlreadyThere_MakeOnlyTheMissingRows()
    {
        var round = await RoundAsync();
        Assert.Equal(People, await _h.RoundInvitationsAsync(round));
        var first = await _h.InvitationsAsync();
        // As if another server had written only part of the batch: rows go missing from the
        // first, the middle and the last (short) statement.
        var gone = first.OrderBy(i => i.IdempotencyKey, StringComparer.Ordinal).Where((_, n) => n % 50 == 7).ToList();
        var goneIds = gone.Select(i => i.Id).ToList();
        await _h.Db(db => db.Invitations.Where(i => goneIds.Contains(i.Id)).ExecuteDeleteAsync());

        Assert.Equal(gone.Count, await _h.RoundInvitationsAsync(round));

        var after = await _h.InvitationsAsync();
        Assert.Equal(first.Select(i => i.IdempotencyKey).Order(), after.Select(i => i.IdempotencyKey).Order());
        Assert.Equal(People - gone.Count, after.Count(a => first.Any(f => f.Id == a.Id && f.Token == a.Token)));
        Assert.All(gone, g =>
        {
            var made = after.Single(a => a.IdempotencyKey == g.IdempotencyKey);
            Assert.NotEqual(g.Id, made.Id);
            Assert.Equal((g.PersonId, g.Channel, g.NotBefore, InvitationStatus.Pending), (made.PersonId, made.Channel, made.NotBefore, made.Status));
        });
    }

    public sealed class OnSqlite() : InvitationWriterTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : InvitationWriterTests(server.DatabaseFor<OnPostgres>());
}
