using CoProduction.Scheduling.Dispatch;
using CoProduction.Store;
using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Delivery;

/// <summary>
/// Applies delivery news (POST /twilio/status) to the invitation. Repeats are harmless: status
/// only moves forward, so a duplicate or late callback changes nothing.
/// </summary>
public sealed class DeliveryReports(StoreDbContext db, TimeProvider time, Microsoft.Extensions.Options.IOptions<SchedulingOptions> options)
{
    /// <summary>True when the report matched an invitation.</summary>
    public async Task<bool> ApplyAsync(DeliveryReport report, CancellationToken ct)
    {
        var providerId = report.ProviderId;
        var invitation = report.InvitationId is { } id
            ? await db.Invitations.FindAsync([id], ct)
            : await db.Invitations.FirstOrDefaultAsync(i => i.ProviderId == providerId, ct);
        if (invitation is null) return false;
        var now = time.GetUtcNow();
        switch (report.State)
        {
            case DeliveryState.Delivered:
                InvitationProgress.Advance(invitation, InvitationStatus.Delivered, now);
                break;
            // A failed reminder, or news about an earlier text, must not undo a survey under way.
            case DeliveryState.Failed when invitation.Status is InvitationStatus.Sending or InvitationStatus.Sent:
                InvitationProgress.Advance(invitation, InvitationStatus.Failed, now, report.Reason ?? "It could not be delivered.");
                invitation.RemindAt = null;
                break;
            // The call reached nobody (busy, no answer, a machine): the attempt is recorded and the
            // invitation waits for the dispatcher again, with the same backoff as a failed send.
            case DeliveryState.RetryLater when invitation.Status is InvitationStatus.Sending or InvitationStatus.Sent or InvitationStatus.Delivered:
                if (InvitationRetry.CanRetry(invitation, options.Value))
                {
                    InvitationRetry.Requeue(invitation, options.Value, now, report.Reason);
                    invitation.DeliveredAt = null;
                }
                else
                {
                    InvitationProgress.Advance(invitation, InvitationStatus.Failed, now, report.Reason ?? "Nobody answered the calls.");
                    invitation.RemindAt = null;
                }
                break;
            case DeliveryState.OptedOut:
                var phone = await db.People.Where(p => p.Id == invitation.PersonId).Select(p => p.Phone).FirstOrDefaultAsync(ct);
                await OptOutRegister.RecordAsync(db, phone, invitation.PersonId, OptOutRegister.Carrier, ourNumber: null, now, ct);
                InvitationProgress.Advance(invitation, InvitationStatus.OptedOut, now, "The carrier says they opted out.");
                invitation.RemindAt = null;
                break;
            default:
                return true;
        }
        if (invitation.Status.IsFinal() && invitation.Kind == InvitationKind.Checkin && await db.People.FindAsync([invitation.PersonId], ct) is { } person)
        {
            InvitationProgress.MoveCheckinOn(invitation, person);
        }
        await db.SaveChangesAsync(ct);
        return true;
    }
}
