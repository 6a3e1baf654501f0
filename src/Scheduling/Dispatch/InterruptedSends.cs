using CoProduction.Store;
using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>
/// Invitations a node left "sending" because it stopped (killed, crashed, restarted) between
/// claiming one and recording what Twilio said. Never sent twice: if the message may have gone,
/// the invitation counts as sent with a note; only when it surely did not go is it tried again.
/// </summary>
public static class InterruptedSends
{
    public const string MayNotHaveArrived = "The service stopped while sending; it may not have arrived.";

    /// <summary>Sorts out every invitation claimed more than <paramref name="after"/> ago; returns how many.</summary>
    public static async Task<int> SortOutAsync(StoreDbContext db, DateTimeOffset now, TimeSpan after, CancellationToken ct)
    {
        // The claim time is kept in NotBefore while sending.
        var claimedBefore = now - after;
        var stale = await db.Invitations.Where(i => i.Status == InvitationStatus.Sending && i.NotBefore <= claimedBefore).ToListAsync(ct);
        foreach (var invitation in stale)
        {
            if (invitation.HandedOverAt is not null || await db.Sessions.AnyAsync(s => s.InvitationId == invitation.Id, ct))
            {
                // Twilio was being asked (a call, a chat link, a results text), or a survey by text
                // had saved its session, which it does just before its texts go.
                InvitationProgress.Advance(invitation, InvitationStatus.Sent, now, MayNotHaveArrived);
                invitation.HandedOverAt = null;
                invitation.UnsentTexts = null;
            }
            else
            {
                // Claimed but stopped before anything was asked of Twilio: nothing went out.
                invitation.Status = InvitationStatus.Pending;
                invitation.NotBefore = now;
            }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return stale.Count;
    }
}
