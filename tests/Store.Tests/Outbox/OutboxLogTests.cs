using CoProduction.Store.Outbox;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Outbox;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class OutboxLogTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task ListAsync_GivesEveryMessageNewestLast()
    {
        await _store.InScope(async sp =>
        {
            var outbox = sp.GetRequiredService<OutboxLog>();
            await outbox.AddAsync("+447700900123", Channel.Sms, "first");
            _store.Time.Advance(TimeSpan.FromMinutes(1));
            await outbox.AddAsync("+447700900124", Channel.Voice, "second");
            return 0;
        });

        var list = await _store.InScope(sp => sp.GetRequiredService<OutboxLog>().ListAsync());

        Assert.Equal(
            [("+447700900123", Channel.Sms, "first", TestStore.Start), ("+447700900124", Channel.Voice, "second", TestStore.Start.AddMinutes(1))],
            list.Select(m => (m.To, m.Channel, m.Body, m.At)));
    }

    public sealed class OnSqlite() : OutboxLogTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : OutboxLogTests(server.DatabaseFor<OnPostgres>());
}
