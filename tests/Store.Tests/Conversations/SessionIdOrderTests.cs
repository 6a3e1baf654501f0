using CoProduction.Store.Model;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Store.Tests.Conversations;

/// <summary>
/// Session ids from the service's id source (<see cref="RandomIds"/>) as each store keeps them: sessions started
/// later sort after earlier ones by id (SQLite compares the stored text, PostgreSQL the uuid), so the sessions
/// answering now are neighbours in the indexes keyed by session id; and sessions started in the same millisecond
/// are still all stored, each under an id of its own.
/// Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.
/// </summary>
public abstract class SessionIdOrderTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task StoreSessions(IReadOnlyList<Guid> ids) => _store.Db(async db =>
    {
        foreach (var id in ids)
        {
            var person = new Person { Id = Guid.NewGuid() };
            db.People.Add(person);
            db.Sessions.Add(new Session { Id = id, PersonId = person.Id, SurveyId = "checkin", Version = 1, Status = SessionStatus.Completed, StateJson = "{}" });
        }
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task SessionsStartedOneAfterAnother_AreInThatOrder_ByTheirStoredIds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 21, 0, 0, TimeSpan.Zero));
        var ids = new RandomIds(clock);
        var started = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            started.Add(ids.NewId());
            clock.Advance(TimeSpan.FromMilliseconds(i % 3 == 0 ? 1 : 250));
        }

        await StoreSessions(started.OrderBy(_ => Random.Shared.Next()).ToList());

        var byId = await _store.Db(db => db.Sessions.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync());
        Assert.Equal(started, byId);
    }

    [Fact]
    public async Task ManySessionsStartedInOneMillisecond_AreAllStored_EachUnderItsOwnId()
    {
        var ids = new RandomIds(new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 21, 0, 0, TimeSpan.Zero)));
        var started = Enumerable.Range(0, 8).AsParallel().SelectMany(_ => Enumerable.Range(0, 50).Select(_ => ids.NewId()).ToList()).ToList();

        await StoreSessions(started);

        var stored = await _store.Db(db => db.Sessions.Select(s => s.Id).ToListAsync());
        Assert.Equal(400, stored.Distinct().Count());
        Assert.Equal(started.Order(), stored.Order());
    }

    public sealed class OnSqlite() : SessionIdOrderTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : SessionIdOrderTests(server.DatabaseFor<OnPostgres>());
}
