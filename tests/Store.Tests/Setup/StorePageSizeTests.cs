using CoProduction.Store.Conversations;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Setup;

/// <summary>
/// <c>Store:PageSize</c>: a new SQLite store is created with the page size asked for and holds turns as any other
/// (enough of them that its tables' pages split); a store that already exists keeps the page size it was created
/// with, and its rows. PostgreSQL ignores the setting: the same turns are stored there. Runs on both.
/// </summary>
public abstract class StorePageSizeTests(IStoreBackend backend)
{
    private const int Phones = 8;
    private const int TurnsEach = 12;

    [Theory]
    [InlineData(1024)]
    [InlineData(8192)]
    public async Task ANewStore_HasThePageSizeAskedFor_AndHoldsEveryTurn(int pageSize)
    {
        await using var store = await TestStore.CreateAsync(backend, new Dictionary<string, string?> { ["Store:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await store.PublishAsync(SampleSurveys.Checkin());

        var saved = await TurnsAsync(store, "+4477009004");

        Assert.Equal(Phones * TurnsEach, saved);
        Assert.Equal(Phones * TurnsEach, await store.Db(db => db.Answers.CountAsync()));
        if (!backend.ConcurrentWriters) Assert.Equal(pageSize, await PageSizeAsync(store));
    }

    [Fact]
    public async Task AStoreThatExists_KeepsItsPageSizeAndItsTurns_WhenTheSettingChanges()
    {
        await using var store = await TestStore.CreateAsync(backend);
        await store.PublishAsync(SampleSurveys.Checkin());
        var before = await TurnsAsync(store, "+4477009005");

        // The service started again on the same store with another page size asked for.
        var connectionString = await store.Db(db => Task.FromResult(db.Database.GetConnectionString()!));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = backend.Provider,
            ["ConnectionStrings:Store"] = connectionString,
            ["Store:PageSize"] = "1024",
        }).Build();
        await using (var again = new ServiceCollection().AddLogging().AddStore(config, store.Folder).BuildServiceProvider())
        {
            await StoreMigrator.MigrateAsync(again);
        }

        Assert.Equal(Phones * TurnsEach, before);
        Assert.Equal(Phones * TurnsEach, await store.Db(db => db.Answers.CountAsync()));
        if (!backend.ConcurrentWriters) Assert.Equal(StoreOptions.DefaultPageSize, await PageSizeAsync(store));
    }

    /// <summary>Each phone starts the check-in and answers it many times, load then save as TurnPipeline does.</summary>
    private static async Task<int> TurnsAsync(TestStore store, string phonePrefix)
    {
        var saved = 0;
        for (var p = 0; p < Phones; p++)
        {
            var phone = new ChannelAddress(Channel.Sms, $"{phonePrefix}{p:D2}");
            var id = Guid.NewGuid();
            await Turn(store, phone, $"SM-{phone.Phone}-0", Result(Session(id, TestStore.Start), new SessionStarted(id, "checkin", 1, "en", null)));
            for (var i = 1; i <= TurnsEach; i++)
            {
                var answer = Result(Session(id, TestStore.Start, questionIndex: i), Answer(id, "happy", $"answer {i} " + new string('x', 200), "4"));
                if (await Turn(store, phone, $"SM-{phone.Phone}-{i}", answer) == SaveOutcome.Saved) saved++;
            }
        }
        return saved;
    }

    private static Task<SaveOutcome> Turn(TestStore store, ChannelAddress phone, string messageId, TurnResult result) =>
        store.InScope(async sp =>
        {
            var conversations = sp.GetRequiredService<ConversationStore>();
            await conversations.LoadAsync(phone, CancellationToken.None);
            return await conversations.SaveTurnAsync(phone, messageId, "+447700900000", result, ["reply"], CancellationToken.None);
        });

    private static Task<int> PageSizeAsync(TestStore store) =>
        store.Db(db => db.Database.SqlQueryRaw<int>("SELECT page_size AS Value FROM pragma_page_size").SingleAsync());

    public sealed class OnSqlite() : StorePageSizeTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StorePageSizeTests(server.DatabaseFor<OnPostgres>());
}
