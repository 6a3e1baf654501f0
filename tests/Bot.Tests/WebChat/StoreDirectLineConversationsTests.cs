using System.Threading.Channels;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Bot.WebChat;
using CoProduction.Channels.DirectLine;
using CoProduction.Store;
using CoProduction.Store.Setup;
using CoProduction.Testing;
using CoProduction.Testing.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Tests.WebChat;

/// <summary>
/// Two nodes (two instances) on one store, on SQLite and on PostgreSQL (nested
/// <see cref="OnSqlite"/> and <see cref="OnPostgres"/>): a chat started on one carries on on the
/// other, and a stream held by either sees what was written on both.
/// </summary>
public abstract class StoreDirectLineConversationsTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dl-store-tests-" + Guid.NewGuid().ToString("N"));
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private StoreDirectLineConversations _a = null!;
    private StoreDirectLineConversations _b = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _database = await backend.CreateDatabaseAsync(_folder);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = backend.Provider,
            ["ConnectionStrings:Store"] = _database.ConnectionString,
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddStore(config, _folder)
            .Configure<DirectLineOptions>(_ => { })
            .BuildServiceProvider();
        await StoreMigrator.MigrateAsync(_services);
        _a = ActivatorUtilities.CreateInstance<StoreDirectLineConversations>(_services);
        _b = ActivatorUtilities.CreateInstance<StoreDirectLineConversations>(_services);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static Task<DirectLineActivityRecord?> AppendAsync(IDirectLineConversations node, string text) =>
        node.AppendAsync("c1", n => $"{{\"n\":{n},\"text\":\"{text}\"}}", default).AsTask();

    private static async Task<List<long>> ReceiveAsync(DirectLineSubscription subscription, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var got = new List<long>();
        while (got.Count < count)
        {
            var record = await subscription.Activities.ReadAsync(timeout.Token);
            got.Add(record.Watermark!.Value);
        }
        return got;
    }

    [Fact]
    public async Task AChatStartedOnOneNode_IsFoundWrittenAndReadOnTheOther()
    {
        var started = await _a.StartAsync("c1", "alice", null, default);
        await AppendAsync(_b, "from b");
        await AppendAsync(_a, "from a");

        Assert.True(started.IsNew);
        Assert.False((await _b.StartAsync("c1", "alice", null, default)).IsNew);
        Assert.Equal("alice", (await _b.FindAsync("c1", default))!.UserId);
        Assert.Equal([0L, 1], (await _a.ReadAsync("c1", null, default))!.Select(r => r.Watermark!.Value));
        // The token's user joined with the start, in its write: on neither node are they added again.
        Assert.True(started.Conversation.UserJoined);
        Assert.True((await _b.FindAsync("c1", default))!.UserJoined);
        Assert.False(await _a.AddMemberAsync("c1", "alice", default));
        Assert.False(await _b.AddMemberAsync("c1", "alice", default));
        Assert.True(await _a.AddMemberAsync("c1", "bob", default));
        Assert.False(await _b.AddMemberAsync("c1", "bob", default));
    }

    [Fact]
    public async Task AStreamOnOneNode_SeesWhatTheOtherNodeWrites_InOrder_AndOnce()
    {
        await _a.StartAsync("c1", null, null, default);
        await AppendAsync(_a, "before");
        using var stream = (await _a.SubscribeAsync("c1", default))!;

        // Written elsewhere, then here straight after: the local one must wait for the remote one.
        await AppendAsync(_b, "remote");
        await AppendAsync(_a, "local");
        await AppendAsync(_b, "remote again");

        Assert.Equal([1L, 2, 3], await ReceiveAsync(stream, 3));
        Assert.False(stream.Activities.TryRead(out _));
    }

    [Fact]
    public async Task Subscribe_SaysWhereTheHistoryEnds_SoANewVisitorsStreamHasNothingToRead()
    {
        await _a.StartAsync("c1", "alice", null, default);
        using (var fresh = (await _b.SubscribeAsync("c1", default))!)
        {
            Assert.Equal(-1, fresh.Latest);
        }
        await AppendAsync(_a, "one");
        await AppendAsync(_b, "two");

        using var later = (await _a.SubscribeAsync("c1", default))!;
        await AppendAsync(_b, "three");

        Assert.Equal(1, later.Latest);
        Assert.Equal([2L], await ReceiveAsync(later, 1));
    }

    [Fact]
    public async Task Subscribe_IsNullForAConversationNoNodeKnows()
    {
        Assert.Null(await _b.SubscribeAsync("nobody", default));
        Assert.False(await _b.PublishAsync("nobody", "{}", default));
    }

    public sealed class OnSqlite() : StoreDirectLineConversationsTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StoreDirectLineConversationsTests(server.DatabaseFor<OnPostgres>());
}
