using CoProduction.Store;
using CoProduction.Store.Limits;
using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.Politeness;

/// <summary>
/// At most <see cref="SchedulingOptions.MessagesPerSecond"/> messages per sending number, counted
/// as Twilio counts them (an invitation of two texts is two), and held in the shared store so the
/// rate holds however many nodes send. Each message takes the number's next free slot, and slots
/// are 1/rate apart (a token bucket holding one token): taking one moves the number's "next free"
/// time on by a conditional update only one taker can win, then the taker waits for its slot.
/// Time comes from <see cref="TimeProvider"/>, so tests measure it with a fake clock. On SQLite
/// taking a slot waits its turn at the <see cref="StoreWriteGate"/> (the wait for the slot does not).
/// </summary>
public sealed class SendRateLimiter(IDbContextFactory<StoreDbContext> contexts, TimeProvider time, IOptions<SchedulingOptions> options, StoreWriteGate writeGate)
{
    public double MessagesPerSecond => options.Value.MessagesPerSecond;

    /// <summary>Whole microseconds (rounded up), so PostgreSQL and SQLite keep slots exactly and no second holds one too many.</summary>
    private long IntervalTicks => (long)Math.Ceiling(1_000_000 / options.Value.MessagesPerSecond) * TimeSpan.TicksPerMicrosecond;

    /// <summary>
    /// Waits until <paramref name="sendingNumber"/> may send one more message, and takes that
    /// turn. Returns the slot it was given (never returning before it).
    /// </summary>
    public async Task<DateTimeOffset> WaitAsync(string sendingNumber, CancellationToken cancellationToken)
    {
        var slot = await TakeAsync(sendingNumber, cancellationToken);
        await UntilAsync(slot, cancellationToken);
        return slot;
    }

    /// <summary>
    /// Takes <paramref name="sendingNumber"/>'s next slot for one message without waiting for it:
    /// the caller waits (<see cref="UntilAsync"/>) and must not send before the slot.
    /// </summary>
    public Task<DateTimeOffset> TakeAsync(string sendingNumber, CancellationToken cancellationToken) =>
        ReserveAsync(sendingNumber, 1, 0, cancellationToken);

    /// <summary>Returns once <paramref name="moment"/> has come by the clock (at once if it has).</summary>
    public async Task UntilAsync(DateTimeOffset moment, CancellationToken cancellationToken)
    {
        // A timer may round its wait down (to whole milliseconds): look again until the moment has come.
        for (var wait = moment - time.GetUtcNow(); wait > TimeSpan.Zero; wait = moment - time.GetUtcNow())
        {
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, time, cancellationToken);
        }
    }

    /// <summary>
    /// Counts messages sent beyond the one waited for (an invitation's second text goes right
    /// after its first, so they arrive in order): later sends from the number wait for them.
    /// </summary>
    public async Task ChargeAsync(string sendingNumber, int messages, CancellationToken cancellationToken)
    {
        if (messages > 0) await ReserveAsync(sendingNumber, messages, 0, cancellationToken);
    }

    /// <summary>
    /// As <see cref="ChargeAsync(string, int, CancellationToken)"/>, and the next message waits at
    /// least the whole invitation's share of time after <paramref name="handedOver"/>, the moment
    /// its texts were handed to the provider. A slot says the earliest a send may start, not when
    /// it does: a send that started late (a slow opt-out check, a busy machine) followed by one
    /// on time would otherwise put more than the rate into one second.
    /// </summary>
    public async Task ChargeAsync(string sendingNumber, int extraMessages, DateTimeOffset handedOver, CancellationToken cancellationToken)
    {
        var floor = handedOver.UtcTicks + IntervalTicks * (extraMessages + 1);
        floor += (TimeSpan.TicksPerMicrosecond - floor % TimeSpan.TicksPerMicrosecond) % TimeSpan.TicksPerMicrosecond;
        await ReserveAsync(sendingNumber, Math.Max(0, extraMessages), floor, cancellationToken);
    }

    /// <summary>Takes <paramref name="messages"/> consecutive slots, and the number's next free time is at least <paramref name="floorTicks"/>; returns the first.</summary>
    private async Task<DateTimeOffset> ReserveAsync(string number, int messages, long floorTicks, CancellationToken ct)
    {
        var span = IntervalTicks * messages;
        await using var db = await contexts.CreateDbContextAsync(ct);
        using var writing = await writeGate.EnterAsync(ct);
        while (true)
        {
            var now = time.GetUtcNow().UtcTicks;
            now -= now % TimeSpan.TicksPerMicrosecond;
            var next = await db.SendPaces.AsNoTracking().Where(p => p.Number == number).Select(p => (long?)p.NextFreeTicks).FirstOrDefaultAsync(ct);
            if (next is null)
            {
                db.SendPaces.Add(new SendPace { Number = number, NextFreeTicks = Math.Max(now + span, floorTicks) });
                try
                {
                    await db.SaveChangesAsync(ct);
                    return new DateTimeOffset(now, TimeSpan.Zero);
                }
                catch (DbUpdateException)
                {
                    // Another sender made the row first: take a slot after theirs.
                    db.ChangeTracker.Clear();
                    continue;
                }
            }

            var start = Math.Max(next.Value, now);
            var old = next.Value;
            var moved = Math.Max(start + span, floorTicks);
            if (moved == old) return new DateTimeOffset(start, TimeSpan.Zero);
            var won = await db.SendPaces
                .Where(p => p.Number == number && p.NextFreeTicks == old)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.NextFreeTicks, moved), ct);
            if (won == 1) return new DateTimeOffset(start, TimeSpan.Zero);
        }
    }
}
