using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Tests.Setup;

/// <summary>
/// Every point in time the store keeps is kept as an instant and read back in UTC (UtcTimestamps), whatever
/// offset the code that set it used: on PostgreSQL a time with an offset used to be refused by the driver (a
/// failed request), and on SQLite it was kept with its offset and sorted by its clock time, so 10:00 in India
/// (04:30 UTC) came after 05:00 UTC. Runs on both (nested classes).
/// </summary>
public abstract class UtcTimestampTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly TimeSpan India = TimeSpan.FromHours(5.5);

    // 04:30 UTC, written as 10:00 in India; and 05:00 UTC, half an hour later, written in UTC.
    private static readonly DateTimeOffset EarlierInIndia = new(2026, 3, 2, 10, 0, 0, India);
    private static readonly DateTimeOffset LaterInUtc = new(2026, 3, 2, 5, 0, 0, TimeSpan.Zero);

    private TestStore _store = null!;
    private readonly Guid _person = Guid.NewGuid();
    private readonly Guid _early = Guid.NewGuid();
    private readonly Guid _late = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Session Completed(Guid id, DateTimeOffset at) => new()
    {
        Id = id, PersonId = _person, SurveyId = "checkin", Version = 1, Channel = Channel.Sms, Status = SessionStatus.Completed,
        StateJson = "{}", StartedAt = at, LastActivityAt = at, CompletedAt = at,
    };

    private async Task SaveBothAsync() => await _store.Db(async db =>
    {
        db.People.Add(new Person { Id = _person, Phone = "+447700900123", CreatedAt = EarlierInIndia, UpdatedAt = EarlierInIndia });
        db.Sessions.AddRange(Completed(_early, EarlierInIndia), Completed(_late, LaterInUtc));
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task ATimeWithAnOffset_IsKept_AndReadBackInUtc_AsTheSameInstant()
    {
        await SaveBothAsync();

        var read = await _store.Db(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == _early));
        Assert.Equal(TimeSpan.Zero, read.LastActivityAt.Offset);
        Assert.Equal(EarlierInIndia.UtcDateTime, read.LastActivityAt.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, read.CompletedAt!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 4, 30, 0, TimeSpan.Zero), read.CompletedAt);
        var person = await _store.Db(db => db.People.AsNoTracking().SingleAsync(p => p.Id == _person));
        Assert.Equal(TimeSpan.Zero, person.CreatedAt.Offset);
        Assert.Equal(EarlierInIndia, person.CreatedAt);
    }

    [Fact]
    public async Task TimesAreOrderedAndComparedInSql_AsInstants_WhateverTheirOffsets()
    {
        await SaveBothAsync();

        // "The latest session" is asked of the store in SQL (ORDER BY), as the turn's load asks it.
        var latest = await _store.Db(db => db.Sessions.OrderByDescending(s => s.LastActivityAt).Select(s => s.Id).FirstAsync());
        Assert.Equal(_late, latest);
        // 04:45 UTC asked as 10:15 in India: only the later session is after it.
        var since = new DateTimeOffset(2026, 3, 2, 10, 15, 0, India);
        Assert.Equal([_late], await _store.Db(db => db.Sessions.Where(s => s.LastActivityAt > since).Select(s => s.Id).ToListAsync()));
    }

    [Fact]
    public async Task TheStatementsWrittenByHand_ReadTimesBackInUtc_AsEfDoes()
    {
        await SaveBothAsync();

        var sessions = await _store.Db(async db =>
        {
            var columns = EntityColumns.For<Session>(db);
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {columns.SelectList} FROM {columns.Table}";
            await using var reader = await command.ExecuteReaderAsync();
            var read = new List<Session>();
            while (await reader.ReadAsync()) read.Add(columns.Read(reader, new Session { SurveyId = "", StateJson = "" }));
            return read;
        });

        var early = Assert.Single(sessions, s => s.Id == _early);
        Assert.Equal(TimeSpan.Zero, early.LastActivityAt.Offset);
        Assert.Equal(EarlierInIndia, early.LastActivityAt);
        Assert.Equal(LaterInUtc, Assert.Single(sessions, s => s.Id == _late).StartedAt);
    }

    public sealed class OnSqlite() : UtcTimestampTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : UtcTimestampTests(server.DatabaseFor<OnPostgres>());
}
