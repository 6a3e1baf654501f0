using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Outbox;

/// <summary>
/// Where outbound messages go when no Twilio account is configured, so the service can be tried
/// (and tested) end to end without sending anything; staff read it at GET /api/outbox. On SQLite
/// each write waits its turn at the <see cref="StoreWriteGate"/>: a round sends many at once.
/// </summary>
public sealed class OutboxLog(StoreDbContext db, TimeProvider time, StoreWriteGate writeGate)
{
    public async Task AddAsync(string to, Channel channel, string body, CancellationToken ct = default)
    {
        db.OutboxMessages.Add(new OutboxMessage { To = to, Channel = channel, Body = body, At = time.GetUtcNow() });
        using var writing = await writeGate.EnterAsync(ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every message, newest last (the order they were sent).</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(CancellationToken ct = default) =>
        await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync(ct);
}
