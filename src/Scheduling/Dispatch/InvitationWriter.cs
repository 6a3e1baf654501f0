using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>
/// Inserts invitations whose keys are not there yet. Safe to run twice or on two servers at once:
/// the unique idempotency key refuses a second copy; on that refusal the batch is read again and
/// only what is still missing is added.
/// </summary>
internal static class InvitationWriter
{
    public static async Task<int> AddMissingAsync(StoreDbContext db, IReadOnlyList<Invitation> candidates, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var keys = candidates.Select(c => c.IdempotencyKey).ToList();
            var existing = (await db.Invitations.AsNoTracking()
                .Where(i => keys.Contains(i.IdempotencyKey))
                .Select(i => i.IdempotencyKey)
                .ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var missing = candidates.Where(c => !existing.Contains(c.IdempotencyKey)).ToList();
            if (missing.Count == 0) return 0;
            db.Invitations.AddRange(missing);
            try
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return missing.Count;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) && attempt < 3)
            {
                // Another run inserted some of these meanwhile: read again, add the rest.
                db.ChangeTracker.Clear();
            }
        }
    }
}
