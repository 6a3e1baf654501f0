using CoProduction.Store.Limits;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Limits;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class RateCountersTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly DateTimeOffset Minute = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private TestStore _store = null!;
    private RateCounters _counters = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        _counters = _store.Services.GetRequiredService<RateCounters>();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Increment_CountsEveryRequest_WhenManyArriveAtOnce()
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => _counters.IncrementAsync("chat:a", Minute, default))));

        Assert.Equal(Enumerable.Range(1, 30), counts.Order());
    }

    [Fact]
    public async Task Increment_StartsAgainFromOne_InANewWindow_AndKeepsKeysApart()
    {
        await _counters.IncrementAsync("chat:a", Minute, default);
        await _counters.IncrementAsync("chat:a", Minute, default);

        Assert.Equal(1, await _counters.IncrementAsync("chat:b", Minute, default));
        Assert.Equal(1, await _counters.IncrementAsync("chat:a", Minute.AddMinutes(1), default));
        Assert.Equal(2, await _counters.IncrementAsync("chat:a", Minute.AddMinutes(1), default));
    }

    [Fact]
    public async Task DeleteOlderThan_ForgetsOnlyOldWindows()
    {
        await _counters.IncrementAsync("chat:old", Minute, default);
        await _counters.IncrementAsync("chat:new", Minute.AddHours(2), default);

        Assert.Equal(1, await _counters.DeleteOlderThanAsync(Minute.AddHours(1), default));
        Assert.Equal(["chat:new"], await _store.Db(db => db.RateCounters.Select(c => c.Key).ToListAsync()));
    }

    public sealed class OnSqlite() : RateCountersTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : RateCountersTests(server.DatabaseFor<OnPostgres>());
}
