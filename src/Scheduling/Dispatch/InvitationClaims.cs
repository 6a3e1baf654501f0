using CoProduction.Store;
using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>
/// The invitation's row on its way out (<see cref="Jobs.InvitationDispatcher"/>), each a conditional update so that
/// two runs (or two servers) never both move it: claimed for sending (only one claim can win), put off to a later
/// time, marked handed over before Twilio is asked, or finished without a send.
/// </summary>
internal static class InvitationClaims
{
    /// <summary>The store decides who sends: only one conditional update can move the row.</summary>
    public static async Task<bool> ClaimAsync(StoreDbContext db, Invitation invitation, bool reminder, DateTimeOffset now, CancellationToken ct)
    {
        var id = invitation.Id;
        if (reminder)
        {
            var old = invitation.RemindAt;
            return await db.Invitations
                .Where(i => i.Id == id && i.RemindAt == old && (i.Status == InvitationStatus.Sent || i.Status == InvitationStatus.Delivered))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RemindAt, (DateTimeOffset?)null).SetProperty(i => i.RemindersSent, i => i.RemindersSent + 1), ct) == 1;
        }
        return await db.Invitations
            .Where(i => i.Id == id && i.Status == InvitationStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, InvitationStatus.Sending)
                .SetProperty(i => i.Attempts, i => i.Attempts + 1)
                .SetProperty(i => i.NotBefore, now), ct) == 1;
    }

    /// <summary>Puts the invitation (or its reminder) off until <paramref name="until"/>, unless another run moved it meanwhile.</summary>
    public static async Task DeferAsync(StoreDbContext db, Invitation invitation, DateTimeOffset until, bool reminder, CancellationToken ct)
    {
        var id = invitation.Id;
        if (reminder)
        {
            var old = invitation.RemindAt;
            await db.Invitations.Where(i => i.Id == id && i.RemindAt == old).ExecuteUpdateAsync(s => s.SetProperty(i => i.RemindAt, until), ct);
        }
        else
        {
            await db.Invitations.Where(i => i.Id == id && i.Status == InvitationStatus.Pending).ExecuteUpdateAsync(s => s.SetProperty(i => i.NotBefore, until), ct);
        }
    }

    /// <summary>
    /// Written before Twilio is asked: should this node stop before the answer is recorded, the
    /// invitation is known to have maybe gone, and is never sent again (<see cref="InterruptedSends"/>).
    /// A reminder needs none: its claim already used it up.
    /// </summary>
    public static async Task MarkHandedOverAsync(StoreDbContext db, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await db.Invitations.Where(i => i.Id == id && i.Status == InvitationStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.HandedOverAt, (DateTimeOffset?)now), ct);
    }

    /// <summary>Ends the invitation without a send (the person gone, or opted out); not cancellable.</summary>
    public static async Task FinishAsync(StoreDbContext db, Guid id, InvitationStatus status, string reason, DateTimeOffset now)
    {
        db.ChangeTracker.Clear();
        await InvitationProgress.AdvanceAsync(db, id, status, now, CancellationToken.None, reason);
        // Finished: nothing kept for a retry stays.
        if (db.Invitations.Local.FirstOrDefault(i => i.Id == id) is { } row) row.UnsentTexts = null;
        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
    }
}
