using CoProduction.Scheduling.Politeness;
using CoProduction.Scheduling.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.Politeness;

/// <summary>
/// The limiter against a real store with a fake clock, on SQLite and on PostgreSQL (nested
/// <see cref="OnSqlite"/> and <see cref="OnPostgres"/>). Two limiter instances stand for two nodes.
/// </summary>
public abstract class SendRateLimiterTests(IStoreBackend backend)
{
    private const string Number = "+447700900000";

    private Task<Harness> HarnessAsync(double rate) => Harness.CreateAsync(configure: o => o.MessagesPerSecond = rate, backend: backend);

    private static SendRateLimiter Node(Harness h) => ActivatorUtilities.CreateInstance<SendRateLimiter>(h.Services);

    /// <summary>Runs the senders to the end, moving the fake clock on in small steps meanwhile.</summary>
    private static async Task DriveAsync(Harness h, Task all)
    {
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(1));
            h.Time.Advance(TimeSpan.FromMilliseconds(37));
        }
        await all;
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(0.5)]
    public async Task TwoNodes_NeverGetMoreThanTheRate_InAnySecond_AndNeverSendBeforeTheirSlot(double rate)
    {
        await using var h = await HarnessAsync(rate);
        var nodes = new[] { Node(h), Node(h) };
        var slots = new List<DateTimeOffset>();
        var early = 0;
        // Two senders on each of two nodes compete for one number.
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 6; i++)
            {
                var slot = await nodes[w % 2].WaitAsync(Number, default);
                if (h.Time.GetUtcNow() < slot) Interlocked.Increment(ref early);
                lock (slots) slots.Add(slot);
            }
        })).ToArray();
        await DriveAsync(h, Task.WhenAll(workers));

        Assert.Equal(24, slots.Count);
        Assert.Equal(0, early);
        slots.Sort();
        var most = slots.Select((t, i) => slots.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.True(most <= Math.Max(1, Math.Floor(rate)), $"{most} sends in one second at {rate}/s");
        Assert.All(slots.Zip(slots.Skip(1), (a, b) => b - a), gap => Assert.True(gap.TotalSeconds >= 1 / rate - 1e-6, $"gap {gap}"));
    }

    [Fact]
    public async Task MessagesChargedOnOneNode_MakeTheOtherNodeWaitForThem()
    {
        await using var h = await HarnessAsync(1);
        var (a, b) = (Node(h), Node(h));
        var first = await a.WaitAsync(Number, default);
        // The invitation went as two texts: the second counts too.
        await a.ChargeAsync(Number, 1, default);

        var next = b.WaitAsync(Number, default);
        await DriveAsync(h, next);

        Assert.Equal(TimeSpan.FromSeconds(2), await next - first);
    }

    [Fact]
    public async Task TextsHandedOverLate_MakeTheNextSendWaitTheirWholeShareAfterThem()
    {
        await using var h = await HarnessAsync(1);
        var (a, b) = (Node(h), Node(h));
        var first = await a.WaitAsync(Number, default);
        // The two texts left half a second after their slot (a slow check before sending).
        h.Time.Advance(TimeSpan.FromMilliseconds(500));
        await a.ChargeAsync(Number, 1, h.Time.GetUtcNow(), default);

        var next = b.WaitAsync(Number, default);
        await DriveAsync(h, next);

        // Two texts at 1 a second: two seconds after they went, not after their slot.
        Assert.Equal(TimeSpan.FromSeconds(2.5), await next - first);
    }

    [Fact]
    public async Task EachSendingNumber_HasItsOwnPace()
    {
        await using var h = await HarnessAsync(1);
        var limiter = Node(h);
        await limiter.WaitAsync(Number, default);

        var other = limiter.WaitAsync("+447700900001", default);
        var same = limiter.WaitAsync(Number, default);
        await other;

        Assert.False(same.IsCompleted);
        await DriveAsync(h, same);
    }

    [Fact]
    public async Task TakingASlot_WaitsItsTurnAtTheStoreWriteGate_OnSqliteOnly()
    {
        await using var h = await HarnessAsync(10);
        var gate = h.Services.GetRequiredService<CoProduction.Store.Setup.StoreWriteGate>();
        Task taking;
        using (await gate.EnterAsync(default))
        {
            taking = Node(h).ChargeAsync(Number, 2, default);
            if (backend.ConcurrentWriters)
            {
                // PostgreSQL: no gate (a gate would never let it finish here).
                await taking.WaitAsync(TimeSpan.FromSeconds(30));
            }
            else
            {
                await Task.WhenAny(taking, Task.Delay(300));
                Assert.False(taking.IsCompleted);
            }
        }
        await taking;
    }

    public sealed class OnSqlite() : SendRateLimiterTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : SendRateLimiterTests(server.DatabaseFor<OnPostgres>());
}
