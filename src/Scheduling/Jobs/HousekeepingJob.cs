using CoProduction.Store;
using CoProduction.Store.Invitations;
using CoProduction.Store.Limits;
using CoProduction.Store.Model;
using CoProduction.Store.WebChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.Jobs;

/// <summary>
/// Ends what time has ended: invitations past their round's closing time or check-in window
/// become Expired (a check-in's date then moves on a year), web chats past their expiry are deleted
/// with their messages, and rate counters of windows long gone are forgotten. Safe to run twice.
/// An invitation left "sending" is not expired here: the dispatcher sorts it out first
/// (<see cref="Dispatch.InterruptedSends"/>).
/// </summary>
public sealed class HousekeepingJob(
    StoreDbContext db,
    WebChatHistory webChats,
    RateCounters rateCounters,
    TimeProvider time,
    IOptions<SchedulingOptions> options,
    ILogger<HousekeepingJob> logger)
{
    /// <summary>Longer than any rate window, so a counter is never forgotten while it still counts.</summary>
    public static readonly TimeSpan RateCounterLifetime = TimeSpan.FromHours(1);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expired = 0;
        while (true)
        {
            var batch = await db.Invitations
                .Where(i => i.ExpiresAt <= now && !InvitationStatusRules.Final.Contains(i.Status) && i.Status != InvitationStatus.Sending)
                .OrderBy(i => i.ExpiresAt)
                .Take(Math.Max(1, options.Value.BatchSize))
                .ToListAsync(ct);
            if (batch.Count == 0) break;
            var people = await PeopleFor(batch, ct);
            foreach (var invitation in batch)
            {
                InvitationProgress.Advance(invitation, InvitationStatus.Expired, now, "The survey closed before it was finished.");
                invitation.RemindAt = null;
                if (people.TryGetValue(invitation.PersonId, out var person)) InvitationProgress.MoveCheckinOn(invitation, person);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            expired += batch.Count;
        }

        var chats = await webChats.DeleteExpiredAsync(now, ct);
        await rateCounters.DeleteOlderThanAsync(now - RateCounterLifetime, ct);
        if (expired + chats > 0)
        {
            logger.LogInformation("Housekeeping: {Expired} invitations expired, {Chats} web chats ended", expired, chats);
        }
        return expired;
    }

    private async Task<Dictionary<Guid, Person>> PeopleFor(List<Invitation> batch, CancellationToken ct)
    {
        var ids = batch.Where(i => i.Kind == InvitationKind.Checkin).Select(i => i.PersonId).Distinct().ToList();
        if (ids.Count == 0) return [];
        return await db.People.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
    }
}
