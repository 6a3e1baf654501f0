using CoProduction.Store.BotState;
using CoProduction.Store.Limits;
using CoProduction.Store.Outbox;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace CoProduction.Store.Tests.Setup;

/// <summary>
/// The writes outside a turn (rate counters, the outbox, bot state) queue at the write gate on
/// SQLite, as a turn's do, so many at once all succeed without meeting "database is locked" and
/// the driver's thread-sleeping retry; on PostgreSQL nothing waits. Runs on both (nested classes).
/// </summary>
public abstract class StoreWriteGateTests(IStoreBackend backend) : IAsyncLifetime
{
    private const int AtOnce = 40;
    private static readonly DateTimeOffset Minute = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    public static TheoryData<string> Paths() => ["rate counter", "outbox", "bot state", "bot state delete"];

    private Task Write(string path, int i) => path switch
    {
        "rate counter" => _store.Services.GetRequiredService<RateCounters>().IncrementAsync("chat:" + (i % 3), Minute, default),
        "outbox" => _store.InScope(async sp => { await sp.GetRequiredService<OutboxLog>().AddAsync("+4474001002" + (i % 100).ToString("D2"), Channel.Sms, "text " + i); return 0; }),
        "bot state" => _store.Services.GetRequiredService<IStorage>().WriteAsync(new Dictionary<string, object> { ["menu/" + i] = new JObject { ["n"] = i, ["eTag"] = "*" } }),
        _ => _store.Services.GetRequiredService<IStorage>().DeleteAsync(["menu/" + i]),
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task ManyWritesAtOnce_ThroughEachPath_AllSucceed(string path)
    {
        await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(i => Task.Run(() => Write(path, i))));

        var (counted, texts, items) = await _store.Db(async db => (await db.RateCounters.SumAsync(c => c.Count), await db.OutboxMessages.CountAsync(), await db.BotStateItems.CountAsync()));
        Assert.Equal(path switch
        {
            "rate counter" => (AtOnce, 0, 0),
            "outbox" => (0, AtOnce, 0),
            "bot state" => (0, 0, AtOnce),
            _ => (0, 0, 0),
        }, (counted, texts, items));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task EachPath_WaitsItsTurnAtTheGate_OnSqliteOnly(string path)
    {
        var gate = _store.Services.GetRequiredService<StoreWriteGate>();
        Task write;
        using (await gate.EnterAsync(default))
        {
            write = Write(path, 1);
            if (backend.ConcurrentWriters)
            {
                // PostgreSQL takes its own row locks: no gate, so it goes straight on (a gate would never let it finish here).
                await write.WaitAsync(TimeSpan.FromSeconds(30));
            }
            else
            {
                // SQLite: queued behind the holder for as long as it holds the gate.
                await Task.WhenAny(write, Task.Delay(300));
                Assert.False(write.IsCompleted);
            }
        }
        await write;
    }

    public sealed class OnSqlite() : StoreWriteGateTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StoreWriteGateTests(server.DatabaseFor<OnPostgres>());
}
