using CoProduction.Scheduling.Politeness;
using CoProduction.Scheduling.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.Politeness;

/// <summary>
/// The number's pace and its one-second window together, against a real store with a fake clock,
/// on SQLite and on PostgreSQL. Each "node" has its own limiter and window (its own contexts);
/// hand-overs are made late and slow on purpose, as a busy machine makes them.
/// </summary>
public abstract class SharedSendWindowTests(IStoreBackend backend)
{
    private const string Number = "+447700900000";

    private Task<Harness> HarnessAsync(double rate) => Harness.CreateAsync(configure: o => o.MessagesPerSecond = rate, backend: backend);

    private sealed record Node(SendRateLimiter Limiter, SharedSendWindow Window);

    private static Node NodeOf(Harness h) =>
        new(ActivatorUtilities.CreateInstance<SendRateLimiter>(h.Services), ActivatorUtilities.CreateInstance<SharedSendWindow>(h.Services));

    /// <summary>Runs the senders to the end, moving the fake clock on in small steps meanwhile.</summary>
    private static async Task DriveAsync(Harness h, Task all)
    {
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(1));
            h.Time.Advance(TimeSpan.FromMilliseconds(7));
        }
        await all;
    }

    /// <summary>
    /// One send as the dispatcher makes it: its slot, then (sometimes) a late start, the window,
    /// and a hand-over that takes time, its first text going at once and its second at the end.
    /// </summary>
    private static async Task SendAsync(Harness h, Node node, int texts, TimeSpan late, TimeSpan takes, List<DateTimeOffset> went)
    {
        var slot = await node.Limiter.TakeAsync(Number, default);
        await node.Limiter.UntilAsync(slot + late, default);
        var handOver = await node.Window.EnterAsync(Number, texts, default);
        lock (went) went.Add(h.Time.GetUtcNow());
        await Task.Delay(takes, h.Time);
        lock (went) went.AddRange(Enumerable.Repeat(h.Time.GetUtcNow(), texts - 1));
        await node.Window.LeaveAsync(handOver, texts);
        if (texts > 1) await node.Limiter.ChargeAsync(Number, texts - 1, slot, default);
    }

    private static int MostInOneSecond(List<DateTimeOffset> went)
    {
        var sorted = went.Order().ToList();
        return sorted.Select((t, i) => sorted.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(10, 2)]
    [InlineData(4, 2)]
    public async Task TwoNodesSendingLateAndSlowly_NeverPutMoreThanTheRateInAnySecond(int rate, int texts)
    {
        await using var h = await HarnessAsync(rate);
        var nodes = new[] { NodeOf(h), NodeOf(h) };
        var went = new List<DateTimeOffset>();
        // Two senders on each of two nodes; node 0's sends start up to 400 ms after their slot and take up to 150 ms, node 1's are on time.
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
            {
                var slow = w % 2 == 0;
                await SendAsync(h, nodes[w % 2], texts,
                    late: TimeSpan.FromMilliseconds(slow ? 100 * (i % 5) : 0),
                    takes: TimeSpan.FromMilliseconds(slow ? 50 * (i % 4) : 0), went);
            }
        })).ToArray();
        await DriveAsync(h, Task.WhenAll(workers));

        Assert.Equal(32 * texts, went.Count);
        var most = MostInOneSecond(went);
        Assert.True(most <= rate, $"{most} messages in one second at {rate} a second");
        // Every hand-over is noted as ended, and what is over a second old is let go.
        var left = await h.Db(db => db.SendHandOvers.AsNoTracking().ToListAsync());
        Assert.All(left, x => Assert.NotEqual(long.MaxValue, x.EndedTicks));
    }

    [Fact]
    public async Task ASendStillUnderWayOnOneNode_HoldsTheOtherNode_WhenTheSecondWouldBeFull()
    {
        await using var h = await HarnessAsync(2);
        var (a, b) = (NodeOf(h), NodeOf(h));
        var first = await a.Window.EnterAsync(Number, 2, default);

        // Two under way fill the second at two a second: node b waits for them to end, then a whole second.
        var second = b.Window.EnterAsync(Number, 1, default);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        await a.Window.LeaveAsync(first, 2);
        var ended = h.Time.GetUtcNow();
        while (!second.IsCompleted)
        {
            await Task.WhenAny(second, Task.Delay(1));
            if (!second.IsCompleted) h.Time.Advance(TimeSpan.FromMilliseconds(10));
        }
        await second;
        Assert.True(h.Time.GetUtcNow() - ended >= TimeSpan.FromSeconds(1), "waited a whole second after the first ended");
    }

    [Fact]
    public async Task ASendLeftUnderWayByAStoppedNode_StopsCountingOnceStale()
    {
        await using var h = await HarnessAsync(1);
        var gone = NodeOf(h);
        await gone.Window.EnterAsync(Number, 1, default);

        h.Time.Advance(TimeSpan.FromMinutes(16));
        var next = NodeOf(h).Window.EnterAsync(Number, 1, default);
        await next.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(await h.Db(db => db.SendHandOvers.AsNoTracking().ToListAsync()));
    }

    public sealed class OnSqlite() : SharedSendWindowTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : SharedSendWindowTests(server.DatabaseFor<OnPostgres>());
}
