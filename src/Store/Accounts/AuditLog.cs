using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Accounts;

public sealed record AuditEntry(DateTimeOffset At, string Action, string Actor, string Detail);

/// <summary>Writes and reads the audit log.</summary>
public sealed class AuditLog(StoreDbContext db, TimeProvider time)
{
    public async Task RecordAsync(string action, string actor, Guid? accountId, string detail, CancellationToken ct)
    {
        db.AuditEvents.Add(new AuditEvent { At = time.GetUtcNow(), Action = action, Actor = actor, AccountId = accountId, Detail = detail });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The newest entries first, with the board's approvals from the review history among them.</summary>
    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int count, CancellationToken ct)
    {
        var events = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Id).Take(count)
            .Select(e => new AuditEntry(e.At, e.Action, e.Actor, e.Detail)).ToListAsync(ct);
        var approvals = await db.ReviewEvents.AsNoTracking().Where(e => e.Action == "approved").OrderByDescending(e => e.Id).Take(count)
            .Select(e => new AuditEntry(e.At, "approved", "board", e.SurveyId + ": " + e.Detail)).ToListAsync(ct);
        return events.Concat(approvals).OrderByDescending(e => e.At).Take(count).ToList();
    }
}
