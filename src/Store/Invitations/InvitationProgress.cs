using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Invitations;

/// <summary>
/// The one place an invitation moves on. Status only moves forward, so repeated or late news
/// (a duplicate delivery callback, a job run twice) changes nothing; the funnel timestamps
/// (sent, delivered, started, completed) are kept even when the status has already passed them,
/// which is what round progress counts.
/// </summary>
public static class InvitationProgress
{
    /// <summary>Records <paramref name="next"/> on a tracked invitation; true when the status moved.</summary>
    public static bool Advance(Invitation invitation, InvitationStatus next, DateTimeOffset now, string? reason = null)
    {
        switch (next)
        {
            case InvitationStatus.Sent: invitation.SentAt ??= now; break;
            case InvitationStatus.Delivered: invitation.DeliveredAt ??= now; break;
            case InvitationStatus.Started: invitation.StartedAt ??= now; break;
            case InvitationStatus.Completed:
                invitation.StartedAt ??= now;
                invitation.CompletedAt ??= now;
                break;
        }
        if (!invitation.Status.CanMoveTo(next)) return false;

        invitation.Status = next;
        if (reason is not null) invitation.LastError = reason.Length > 500 ? reason[..500] : reason;
        if (next.IsFinal()) invitation.EndedAt ??= now;
        return true;
    }

    /// <summary>
    /// When a check-in ends (completed, expired, opted out, failed) the person's next check-in
    /// moves on a year from the date it was for; 29 February becomes 28 February.
    /// Only from that date: running this twice, or for an old check-in, moves nothing.
    /// </summary>
    public static void MoveCheckinOn(Invitation invitation, Person person)
    {
        if (invitation.Kind != InvitationKind.Checkin || !invitation.Status.IsFinal() || invitation.CheckinDate is not { } date) return;
        if (person.NextCheckin is { } next && next <= date)
        {
            person.NextCheckin = date.AddYears(1);
        }
    }

    /// <summary>Loads (tracked) and advances one invitation, moving a finished check-in on.</summary>
    public static async Task<bool> AdvanceAsync(
        StoreDbContext db, Guid invitationId, InvitationStatus next, DateTimeOffset now, CancellationToken ct, string? reason = null)
    {
        var invitation = await db.Invitations.FindAsync([invitationId], ct);
        if (invitation is null) return false;
        var moved = Advance(invitation, next, now, reason);
        if (moved && next.IsFinal() && invitation.Kind == InvitationKind.Checkin)
        {
            var person = await db.People.FindAsync([invitation.PersonId], ct);
            if (person is not null) MoveCheckinOn(invitation, person);
        }
        return moved;
    }
}
