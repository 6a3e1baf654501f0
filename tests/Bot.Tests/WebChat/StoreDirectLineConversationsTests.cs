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
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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
    public async Task ANewVisitorsStream_OnTheNodeThatStartedIt_GetsEveryActivity_WhicheverNodeWritesIt()
    {
        await _a.StartAsync("c1", "alice", null, default);
        // Another node writes in the moment between the start and the stream's opening.
        await AppendAsync(_b, "from b");

        using var stream = (await _a.SubscribeAsync("c1", default))!;
        Assert.Equal(-1, stream.Latest);
        await AppendAsync(_a, "from a");
        await AppendAsync(_b, "from b again");

        Assert.Equal([0L, 1, 2], await ReceiveAsync(stream, 3));
        Assert.False(stream.Activities.TryRead(out _));
    }

    [Fact]
    public async Task ANewVisitorsStream_OpenedWithoutALookUp_EndsAtTheNextPoll_WhenTheConversationWasErasedMeanwhile()
    {
        await _a.StartAsync("c1", "alice", null, default);
        await EraseInStoreAsync("c1");

        // The node that started it moments ago subscribes without asking the store; any other node finds it gone.
        Assert.Null(await _b.SubscribeAsync("c1", default));
        using var stream = (await _a.SubscribeAsync("c1", default))!;
        using var timeout = new CancellationTokenSource(Patience);
        await stream.Activities.Completion.WaitAsync(timeout.Token);
        Assert.False(stream.Activities.TryRead(out _));

        // Once the node has written to it, it asks the store again (nothing to find here).
        await _a.StartAsync("c2", null, null, default);
        await _a.AppendAsync("c2", n => $"{{\"n\":{n}}}", default);
        using var written = (await _a.SubscribeAsync("c2", default))!;
        Assert.Equal(0, written.Latest);
    }

    [Fact]
    public async Task AStreamedChat_IsNotKeptForPolls_APollOfItGetsWhatTheStoreHolds_AndASecondTabsStreamGetsItsHistory()
    {
        await _a.StartAsync("c1", "alice", null, default);
        using var stream = (await _a.SubscribeAsync("c1", default))!;
        await AppendTurnAsync(_a, "c1", "hello", 2);    // 0-2, on a, the node that streams it
        Assert.Equal([0L, 1, 2], await ReceiveAsync(stream, 3));

        // A second tab, opened after the chat was written to: its stream looks the chat up and reads the history.
        using (var second = (await _a.SubscribeAsync("c1", default))!)
        {
            Assert.Equal(2, second.Latest);
        }

        // A poll of a streamed chat is the store's to answer (the stream's client has them): the same activities.
        var stored = (await _a.ReadAsync("c1", null, default))!;
        Assert.Equal(stored.Select(r => r.Json), (await _a.PollAsync("c1", null, default))!.Select(r => r.Json));
        await EraseInStoreAsync("c1");
        Assert.Null(await _a.PollAsync("c1", null, default));
        Assert.Null(await _a.PollAsync("c1", 0, default));
    }

    [Fact]
    public async Task Subscribe_IsNullForAConversationNoNodeKnows()
    {
        Assert.Null(await _b.SubscribeAsync("nobody", default));
        Assert.False(await _b.PublishAsync("nobody", "{}", default));
    }

    /// <summary>Deletes the conversation (and, by the cascade, its activities) in the store, behind every node's back.</summary>
    private async Task EraseInStoreAsync(string conversation)
    {
        await using var scope = _services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync();
        await db.WebChatConversations.Where(c => c.Id == conversation).ExecuteDeleteAsync();
    }

    private static Task<IReadOnlyList<DirectLineActivityRecord>?> AppendTurnAsync(IDirectLineConversations node, string conversation, string text, int replies) =>
        node.AppendAsync(conversation, [.. Enumerable.Range(0, replies + 1).Select(i => (Func<long, string>)(n => $"{{\"n\":{n},\"c\":\"{conversation}\",\"text\":\"{text} {i}\"}}"))], default).AsTask();

    [Fact]
    public async Task APoller_GetsEveryActivityOnce_AndInOrder_WhicheverNodeWroteItAndWhicheverItAsks()
    {
        await _a.StartAsync("c1", "alice", null, default);
        var nodes = new[] { _a, _b };
        var polled = new List<DirectLineActivityRecord>();
        long? watermark = null;
        async Task PollAsync(StoreDirectLineConversations node)
        {
            var read = (await node.PollAsync("c1", watermark, default))!;
            polled.AddRange(read);
            if (read.Count > 0) watermark = read[^1].Watermark;
        }

        // Turns written on either node (one to three replies each), each followed by a poll of the node
        // that wrote it, of the other one, or none; now and then the other node writes in between.
        for (var turn = 0; turn < 24; turn++)
        {
            var writer = nodes[turn % 2 == 0 || turn % 5 == 0 ? 0 : 1];
            await AppendTurnAsync(writer, "c1", "turn " + turn, 1 + turn % 3);
            if (turn % 7 == 3) await AppendTurnAsync(nodes[turn % 2], "c1", "between " + turn, 0);
            if (turn % 4 != 3) await PollAsync(turn % 3 == 0 ? writer : nodes[(turn + 1) % 2]);
        }
        // Until each node has nothing more to give: a node may answer part of what follows (what it kept lately).
        foreach (var node in nodes)
        {
            var before = -1;
            while (polled.Count != before)
            {
                before = polled.Count;
                await PollAsync(node);
            }
        }

        var stored = (await _b.ReadAsync("c1", null, default))!;
        Assert.Equal(stored.Select(r => r.Watermark), polled.Select(r => r.Watermark));
        Assert.Equal(stored.Select(r => r.Json), polled.Select(r => r.Json));
        Assert.Equal(Enumerable.Range(0, stored.Count).Select(n => (long?)n), polled.Select(r => r.Watermark));
    }

    [Fact]
    public async Task APoll_FromAWatermarkBeforeOrAfterWhatANodeKeptLately_GetsWhatTheStoreHolds_AndAStreamsHistoryIsWhole()
    {
        await _a.StartAsync("c1", null, null, default);
        await AppendTurnAsync(_a, "c1", "one", 2);      // 0-2, on a
        await AppendTurnAsync(_b, "c1", "two", 1);      // 3-4, on b
        await AppendTurnAsync(_a, "c1", "three", 2);    // 5-7, on a
        var stored = (await _b.ReadAsync("c1", null, default))!;

        // A node may answer part of what follows a watermark (what it kept lately, without a gap): a
        // client polling on from the watermark it is given gets the rest, once.
        static async Task<List<long>> PollOnAsync(StoreDirectLineConversations node, long? watermark)
        {
            var got = new List<long>();
            while (true)
            {
                var read = (await node.PollAsync("c1", watermark, default))!;
                if (read.Count == 0) return got;
                Assert.Equal(Enumerable.Range(0, read.Count).Select(i => (watermark ?? -1) + 1 + i), read.Select(r => r.Watermark!.Value));
                got.AddRange(read.Select(r => r.Watermark!.Value));
                watermark = read[^1].Watermark;
            }
        }

        foreach (var node in new[] { _a, _b })
        {
            // A stream's history (ReadAsync) is whole, whatever the node kept lately.
            Assert.Equal(stored.Select(r => r.Json), (await node.ReadAsync("c1", null, default))!.Select(r => r.Json));
            Assert.Equal([3L, 4, 5, 6, 7], (await node.ReadAsync("c1", 2, default))!.Select(r => r.Watermark!.Value));
            // A poll from the start, from before the other node's turn, inside a turn, at its end and past it.
            Assert.Equal(stored.Select(r => r.Watermark!.Value), await PollOnAsync(node, null));
            Assert.Equal([3L, 4, 5, 6, 7], await PollOnAsync(node, 2));
            Assert.Equal([6L, 7], await PollOnAsync(node, 5));
            Assert.Empty((await node.PollAsync("c1", 7, default))!);
            Assert.Empty((await node.PollAsync("c1", 1_000, default))!);
            Assert.Empty((await node.PollAsync("c1", long.MaxValue, default))!);
        }

        // Written on b after a's last turn: a's poll at its own last watermark finds it in the store.
        await AppendTurnAsync(_b, "c1", "four", 0);     // 8, on b
        Assert.Equal([8L], (await _a.PollAsync("c1", 7, default))!.Select(r => r.Watermark!.Value));
    }

    [Fact]
    public async Task ANewVisitorsFirstPoll_WithoutAWatermark_IsTheWholeHistoryOnEitherNode_AndTheNodeThatKeptItsBeginningAsksTheStoreNothing()
    {
        await _a.StartAsync("c1", "alice", null, default);
        await AppendTurnAsync(_a, "c1", "hello", 2);    // 0-2, on a: the first post and its replies
        var stored = (await _b.ReadAsync("c1", null, default))!;
        Assert.Equal(stored.Select(r => r.Json), (await _b.PollAsync("c1", null, default))!.Select(r => r.Json));

        // Erased in the store: a still answers its first poll from what it kept since the start (no read);
        // b, which kept nothing, reads the store and finds it gone; a's second poll is the store's too.
        await EraseInStoreAsync("c1");
        Assert.Null(await _b.PollAsync("c1", null, default));
        Assert.Equal(stored.Select(r => r.Json), (await _a.PollAsync("c1", null, default))!.Select(r => r.Json));
        Assert.Null(await _a.PollAsync("c1", null, default));

        // The beginning written by another node: the whole history is the store's to give, b's activity first.
        await _a.StartAsync("c2", "bob", null, default);
        await AppendTurnAsync(_b, "c2", "from b", 0);   // 0, on b
        await AppendTurnAsync(_a, "c2", "from a", 1);   // 1-2, on a
        Assert.Equal([0L, 1, 2], (await _a.PollAsync("c2", null, default))!.Select(r => r.Watermark!.Value));
    }

    [Fact]
    public async Task Polls_NeverGetAnotherConversationsActivities_AndAConversationNoNodeKnowsIsGone()
    {
        await _a.StartAsync("c1", "alice", null, default);
        await _a.StartAsync("c2", "bob", null, default);
        for (var turn = 0; turn < 5; turn++)
        {
            await AppendTurnAsync(_a, "c1", "alice's", 2);
            await AppendTurnAsync(_a, "c2", "bob's", 1);
        }

        foreach (var node in new[] { _a, _b })
        {
            foreach (var watermark in new long?[] { null, 3, 8, 11 })
            {
                Assert.All((await node.PollAsync("c1", watermark, default))!, r => Assert.Contains("\"c\":\"c1\"", r.Json));
                Assert.All((await node.PollAsync("c2", watermark, default))!, r => Assert.Contains("\"c\":\"c2\"", r.Json));
                Assert.Null(await node.PollAsync("c3", watermark, default));
            }
        }
    }

    [Fact]
    public async Task AConversationErasedOnAnotherNode_IsGoneForAPollOnceItsLastFewSecondsHere_HavePassed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var a = ActivatorUtilities.CreateInstance<StoreDirectLineConversations>(_services, (TimeProvider)clock);
        await a.StartAsync("c1", "alice", null, default);
        await AppendTurnAsync(a, "c1", "hello", 1);
        await EraseInStoreAsync("c1");

        clock.Advance(DirectLineRecentActivities.MostFresh + TimeSpan.FromMilliseconds(1));

        Assert.Null(await a.PollAsync("c1", null, default));
        Assert.Null(await a.PollAsync("c1", 0, default));
        Assert.Null(await _b.PollAsync("c1", 0, default));
    }

    public sealed class OnSqlite() : StoreDirectLineConversationsTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StoreDirectLineConversationsTests(server.DatabaseFor<OnPostgres>());
}
