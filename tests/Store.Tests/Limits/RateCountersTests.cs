using CoProduction.Store.Limits;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Store.WebChat;
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
    public async Task Increment_CountsEveryRequest_WhileChatsStartAtTheSameMoment()
    {
        // A new visitor's token and start count here while other visitors' starts write: the count
        // shares the store's writers (on SQLite the writer's kept connection) with them.
        var history = _store.Services.GetRequiredService<WebChatHistory>();
        var work = Enumerable.Range(0, 40).Select(i => Task.Run(async () => i % 2 == 0
            ? await _counters.IncrementAsync("chat:a", Minute, default)
            : (await history.StartAsync("visit" + i, "dl_" + i, null, Minute, Minute.AddHours(1), default)).IsNew ? 0 : -1));

        var results = await Task.WhenAll(work);

        Assert.Equal(Enumerable.Range(1, 20), results.Where(r => r > 0).Order());
        Assert.Equal(20, results.Count(r => r == 0));
        Assert.Equal(20, await _store.Db(db => db.WebChatConversations.CountAsync()));
        // Each started with its user, who joined with it (the conversation's row says so).
        Assert.Equal(20, await _store.Db(db => db.WebChatConversations.CountAsync(c => c.UserId != null)));
    }

    [Fact]
    public async Task ACountedStart_CountsInItsOwnWrite_AndOverTheLimitKeepsNeitherTheCountNorAConversation()
    {
        var history = _store.Services.GetRequiredService<WebChatHistory>();
        var count = new StartCount("chat:a", Minute, Permits: 3);
        await _counters.IncrementAsync("chat:a", Minute, default); // the visitor's token: 1

        var first = await history.StartAsync("visit1", "dl_1", null, Minute, Minute.AddHours(1), count, default);
        // A page reload: the same id again finds the conversation, and counts (a request all the same).
        var again = await history.StartAsync("visit1", "dl_1", null, Minute, Minute.AddHours(1), count, default);
        var refused = await history.StartAsync("visit2", "dl_2", null, Minute, Minute.AddHours(1), count, default);

        Assert.True(first.IsNew);
        Assert.True(first.UserJoined);
        Assert.False(again.IsNew);
        Assert.Equal("visit1", again.Conversation!.Id);
        Assert.Null(refused.Conversation);
        // Nothing of the refused start was kept: no conversation, no member, and the count still at the limit.
        Assert.Equal(["visit1"], await _store.Db(db => db.WebChatConversations.Select(c => c.Id).ToListAsync()));
        Assert.Equal(0, await _store.Db(db => db.WebChatMembers.CountAsync()));
        Assert.True((await history.FindJoinedAsync("visit1", Minute, default))!.Value.UserJoined);
        Assert.Equal(4, await _counters.IncrementAsync("chat:a", Minute, default));
        // The next window counts afresh: the same start goes through then.
        var later = await history.StartAsync("visit2", "dl_2", null, Minute.AddMinutes(1), Minute.AddHours(1), count with { WindowStart = Minute.AddMinutes(1) }, default);
        Assert.True(later.IsNew);
    }

    [Fact]
    public async Task CountedStartsArrivingAtOnce_AreAllowedExactlyUpToTheLimit()
    {
        var history = _store.Services.GetRequiredService<WebChatHistory>();
        var count = new StartCount("chat:a", Minute, Permits: 7);

        var starts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            history.StartAsync("visit" + i, "dl_" + i, null, Minute, Minute.AddHours(1), count, default))));

        Assert.Equal(7, starts.Count(s => s.Conversation is not null && s.IsNew));
        Assert.Equal(13, starts.Count(s => s.Conversation is null));
        Assert.Equal(7, await _store.Db(db => db.WebChatConversations.CountAsync()));
        Assert.Equal(8, await _counters.IncrementAsync("chat:a", Minute, default));
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
    public async Task ManyRequestsAtOnce_InTheMinuteAfterTheCountersLast_CountFromOneEach_AndTheMinuteBeforeIsNotCountedOn()
    {
        // The counter stands at 5 from the minute before; 30 requests of the next minute arrive at once (on
        // PostgreSQL each on a connection of its own): one of them starts the new minute, the others count on from it.
        for (var i = 0; i < 5; i++) await _counters.IncrementAsync("chat:a", Minute, default);

        var counts = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => _counters.IncrementAsync("chat:a", Minute.AddMinutes(1), default))));

        Assert.Equal(Enumerable.Range(1, 30), counts.Order());
        var counter = await _store.Db(db => db.RateCounters.SingleAsync());
        Assert.Equal((Minute.AddMinutes(1).ToUnixTimeSeconds(), 30), (counter.Window, counter.Count));
        // A counted start in the minute after that starts it afresh too, in its own write.
        var history = _store.Services.GetRequiredService<WebChatHistory>();
        var start = await history.StartAsync("visit1", "dl_1", null, Minute.AddMinutes(2), Minute.AddHours(1), new StartCount("chat:a", Minute.AddMinutes(2), Permits: 1), default);
        Assert.True(start.IsNew);
        Assert.Equal(2, await _counters.IncrementAsync("chat:a", Minute.AddMinutes(2), default));
    }

    [Fact]
    public async Task DeleteOlderThan_ForgetsOnlyOldWindows()
    {
        await _counters.IncrementAsync("chat:old", Minute, default);
        await _counters.IncrementAsync("chat:new", Minute.AddHours(2), default);

        Assert.Equal(1, await _counters.DeleteOlderThanAsync(Minute.AddHours(1), default));
        Assert.Equal(["chat:new"], await _store.Db(db => db.RateCounters.Select(c => c.Key).ToListAsync()));
    }

    [Fact]
    public async Task Increment_RefusesAKeyTheStoreCannotHold_OnBothStores_AndCountsNothing()
    {
        // The key column holds 200 characters: PostgreSQL alone used to refuse a longer one (a failed statement),
        // SQLite kept it whole. Now both refuse it before the statement runs, as a SaveChanges would.
        var tooLong = "chat:" + new string('a', 196);

        await Assert.ThrowsAsync<StoredValueException>(() => _counters.IncrementAsync(tooLong, Minute, default));
        await Assert.ThrowsAsync<StoredValueException>(() => _counters.IncrementAsync("chat:\0", Minute, default));

        Assert.Equal(0, await _store.Db(db => db.RateCounters.CountAsync()));
        Assert.Equal(1, await _counters.IncrementAsync(tooLong[..200], Minute, default));
    }

    public sealed class OnSqlite() : RateCountersTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : RateCountersTests(server.DatabaseFor<OnPostgres>());
}
