using CoProduction.Store;
using CoProduction.Store.Limits;
using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.Politeness;

/// <summary>
/// The <see cref="SendWindow"/> rule kept in the shared store, so it holds across every sender on
/// every node and from one dispatcher run to the next. Before a hand-over, <see cref="EnterAsync"/>
/// waits until the second before it has room and notes it as under way; after it,
/// <see cref="LeaveAsync"/> notes when it ended and how many messages went. Deciding and noting are
/// one transaction that first locks the number's <see cref="SendPace"/> row, so two senders cannot
/// both take the last room. Time comes from <see cref="TimeProvider"/> (tests use a fake clock).
/// </summary>
public sealed class SharedSendWindow(IDbContextFactory<StoreDbContext> contexts, TimeProvider time, IOptions<SchedulingOptions> options, StoreWriteGate writeGate)
{
    /// <summary>How often to look again while the second is full of hand-overs still under way.</summary>
    private static readonly TimeSpan LookAgain = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Waits until <paramref name="messages"/> more may be handed over from <paramref name="number"/>
    /// and notes them as under way. Returns the note, for <see cref="LeaveAsync"/>. The messages
    /// counted are at least as many as the largest hand-over of the last second (a start does not
    /// know beforehand how many texts it will send).
    /// </summary>
    public async Task<Guid> EnterAsync(string number, int messages, CancellationToken ct)
    {
        while (true)
        {
            var (id, earliest) = await TryEnterAsync(number, Math.Max(1, messages), ct);
            if (id is { } entered) return entered;
            var now = time.GetUtcNow();
            await Task.Delay(earliest is { } at && at > now ? at - now : LookAgain, time, ct);
        }
    }

    /// <summary>Notes that the hand-over ended now, having sent <paramref name="messages"/>. Not cancellable by design: they went.</summary>
    public async Task LeaveAsync(Guid id, int messages)
    {
        var ended = time.GetUtcNow().UtcTicks;
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        using var writing = await writeGate.EnterAsync(CancellationToken.None);
        await db.SendHandOvers.Where(h => h.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.EndedTicks, ended).SetProperty(h => h.Messages, Math.Max(0, messages)), CancellationToken.None);
    }

    private async Task<(Guid? Id, DateTimeOffset? Earliest)> TryEnterAsync(string number, int messages, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        using var writing = await writeGate.EnterAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The lock: only one sender of this number decides at a time.
        var locked = await db.SendPaces.Where(p => p.Number == number)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.NextFreeTicks, p => p.NextFreeTicks), ct);
        if (locked == 0)
        {
            db.SendPaces.Add(new SendPace { Number = number });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another sender made the row first: decide again behind its lock.
                return (null, DateTimeOffset.MinValue);
            }
        }

        var now = time.GetUtcNow();
        // A hand-over left under way longer than this was on a node that stopped: count it as ended then.
        var stale = (now - options.Value.StaleSendingAfter).UtcTicks;
        var since = (now - TimeSpan.FromSeconds(1) - SendWindow.ClockAllowance).UtcTicks;
        var recent = await db.SendHandOvers.AsNoTracking()
            .Where(h => h.Number == number && h.EndedTicks > since)
            .Select(h => new { h.StartedTicks, h.EndedTicks, h.Messages })
            .ToListAsync(ct);
        var underWay = recent.Where(h => h.EndedTicks == long.MaxValue && h.StartedTicks > stale).Sum(h => h.Messages);
        var ended = recent.Where(h => h.EndedTicks != long.MaxValue)
            .Select(h => (new DateTimeOffset(h.EndedTicks, TimeSpan.Zero), h.Messages));
        messages = Math.Max(messages, recent.Select(h => h.Messages).DefaultIfEmpty(0).Max());
        var earliest = SendWindow.Earliest(options.Value.MessagesPerSecond, ended, underWay, messages);
        if (earliest is null || earliest > now) return (null, earliest);

        var id = Guid.CreateVersion7(now);
        db.SendHandOvers.Add(new SendHandOver { Id = id, Number = number, StartedTicks = now.UtcTicks, EndedTicks = long.MaxValue, Messages = messages });
        await db.SaveChangesAsync(ct);
        // What is over a second old no longer counts; stale ones go once their node is long gone.
        await db.SendHandOvers.Where(h => h.Number == number && (h.EndedTicks <= since || (h.EndedTicks == long.MaxValue && h.StartedTicks <= stale)))
            .ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return (id, null);
    }
}
