using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Outbox;

/// <summary>
/// Where outbound messages go when no Twilio account is configured, so the service can be tried
/// (and tested) end to end without sending anything; staff read it at GET /api/outbox.
/// </summary>
public sealed class OutboxLog(StoreDbContext db, TimeProvider time)
{
    public async Task AddAsync(string to, Channel channel, string body, CancellationToken ct = default)
    {
        db.OutboxMessages.Add(new OutboxMessage { To = to, Channel = channel, Body = body, At = time.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every message, newest last (the order they were sent).</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(CancellationToken ct = default) =>
        await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync(ct);
}
