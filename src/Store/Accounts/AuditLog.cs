using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Accounts;

public sealed record AuditEntry(DateTimeOffset At, string Action, string Actor, string Detail);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Page, bool HasMore);

/// <summary>Writes and reads the audit log.</summary>
public sealed class AuditLog(StoreDbContext db, TimeProvider time)
{
    public async Task RecordAsync(string action, string actor, Guid? accountId, string detail, CancellationToken ct)
    {
        Add(db, action, actor, accountId, detail, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Adds an entry to be saved with the caller's own SaveChanges, so the entry and what it
    /// records (an approval, an export, an erasure) are written together or not at all.
    /// </summary>
    public static void Add(StoreDbContext db, string action, string actor, Guid? accountId, string detail, DateTimeOffset at)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            At = at, Action = action, Actor = Cut(actor, 200), AccountId = accountId, Detail = Cut(detail, 1000),
        });
    }

    /// <summary>The newest entries first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int count, CancellationToken ct) =>
        (await PageAsync(null, null, 1, count, ct)).Entries;

    /// <summary>
    /// One page of entries, newest first. <paramref name="action"/> is an exact action name;
    /// <paramref name="who"/> matches part of the actor's name, any case.
    /// </summary>
    public async Task<AuditPage> PageAsync(string? action, string? who, int page, int size, CancellationToken ct)
    {
        page = Math.Max(1, page);
        IQueryable<AuditEvent> query = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action)) query = query.Where(e => e.Action == action.Trim());
        if (!string.IsNullOrWhiteSpace(who))
        {
            var part = who.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311 // Inside the query: EF makes it SQL lower(), which no server culture touches.
            query = query.Where(e => e.Actor.ToLower().Contains(part));
#pragma warning restore CA1304, CA1311
        }
        // Ids grow with time, and ordering by them stays in SQL on SQLite too.
        var rows = await query.OrderByDescending(e => e.Id).Skip((page - 1) * size).Take(size + 1)
            .Select(e => new AuditEntry(e.At, e.Action, e.Actor, e.Detail)).ToListAsync(ct);
        return new AuditPage(rows.Take(size).ToList(), page, rows.Count > size);
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
