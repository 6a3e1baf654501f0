using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Starting;
using CoProduction.Store;
using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Telemetry;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>Who an invitation goes to, as the dispatcher reads them once for a batch.</summary>
internal sealed record Recipient(Guid Id, string? Phone, string? TimeZone, string? Language);

/// <summary>
/// What a start's answer (<see cref="StartResult"/>) does to its invitation once it was handed over
/// (<see cref="InvitationDispatcher"/>): sent (and when to remind), opted out at the carrier, tried again
/// later, or failed; what a start sent in part left to send; a check-in's next date. One dispatch run's
/// rounds are read once for their reminders.
/// </summary>
internal sealed class SendOutcomes(StoreDbContext db, SchedulingOptions settings, TimeProvider time, CoProductionTelemetry telemetry)
{
    private readonly Dictionary<Guid, Round?> _rounds = new();

    /// <summary>Records the outcome and counts it in <paramref name="report"/>. Not cancellable: once sent, the store must say so, or a later run would send again.</summary>
    public async Task RecordAsync(Guid id, Recipient person, StartResult result, bool reminder, DispatchReport report)
    {
        var none = CancellationToken.None;
        db.ChangeTracker.Clear();
        var invitation = await db.Invitations.FindAsync([id], none);
        if (invitation is null) return;
        var now = time.GetUtcNow();
        // What Twilio said is known now.
        invitation.HandedOverAt = null;
        telemetry.RecordSend(invitation.Channel.ToName(), result.Outcome switch
        {
            StartOutcome.Sent => "sent",
            StartOutcome.OptedOut => "opted-out",
            StartOutcome.Retry => "retry",
            _ => "failed",
        });
        switch (result.Outcome)
        {
            case StartOutcome.Sent:
                InvitationProgress.Advance(invitation, InvitationStatus.Sent, now);
                invitation.ProviderId = result.ProviderId;
                invitation.LastError = result.Reason;
                invitation.RemindAt = await NextReminderAsync(invitation, now, none);
                // A results text asks nothing back: sent is done. A results call is done when it is answered.
                if (invitation.Kind == InvitationKind.Results && invitation.Channel != Channel.Voice)
                {
                    InvitationProgress.Advance(invitation, InvitationStatus.Completed, now);
                }
                if (reminder) report.Reminded++; else report.Sent++;
                break;

            case StartOutcome.OptedOut:
                await OptOutRegister.RecordAsync(db, person.Phone, person.Id, OptOutRegister.Carrier, ourNumber: null, now, none);
                InvitationProgress.Advance(invitation, InvitationStatus.OptedOut, now, result.Reason ?? "The carrier says they opted out.");
                report.OptedOut++;
                break;

            case StartOutcome.Retry when reminder:
            case StartOutcome.Failed when reminder:
                // A reminder that does not go is not tried again; the invitation itself stands.
                invitation.LastError = result.Reason;
                report.Failed++;
                break;
            case StartOutcome.Retry when InvitationRetry.CanRetry(invitation, settings):
                InvitationRetry.Requeue(invitation, settings, now, result.Reason);
                report.Retried++;
                break;

            default:
                InvitationProgress.Advance(invitation, InvitationStatus.Failed, now, result.Reason ?? "It could not be sent.");
                report.Failed++;
                break;
        }
        // What a start sent in part left to send waits with the invitation; sent or failed, nothing does.
        invitation.UnsentTexts = invitation.Status != InvitationStatus.Pending ? null
            : result.Unsent is { Count: > 0 } ? UnsentTexts.Write(result.Unsent, await UnsentTexts.RevisionAsync(db, id, none))
            : invitation.UnsentTexts;
        if (invitation.Status.IsFinal() && invitation.Kind == InvitationKind.Checkin)
        {
            var row = await db.People.FindAsync([invitation.PersonId], none);
            if (row is not null) InvitationProgress.MoveCheckinOn(invitation, row);
        }
        await db.SaveChangesAsync(none);
        db.ChangeTracker.Clear();
    }

    private async Task<DateTimeOffset?> NextReminderAsync(Invitation invitation, DateTimeOffset now, CancellationToken ct)
    {
        if (invitation.RoundId is not { } roundId) return null;
        if (!_rounds.TryGetValue(roundId, out var round))
        {
            round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
            _rounds[roundId] = round;
        }
        if (round is not { ReminderAfter: { } after } || round.ClosedAt is not null || invitation.RemindersSent >= round.Reminders) return null;
        var at = now + after;
        return at < invitation.ExpiresAt ? at : null;
    }
}
