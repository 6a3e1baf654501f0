using CoProduction.Store;
using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>One survey at a time: which invitations must wait because their person has another survey open.</summary>
internal static class BusyPeople
{
    /// <summary>
    /// The invitations whose person has another survey open: another open invitation (not a
    /// results message, which asks nothing back) or a live session that is not this invitation's,
    /// with activity since <paramref name="since"/>. Two queries for the whole list, not two each.
    /// </summary>
    public static async Task<HashSet<Guid>> InvitationsAsync(
        StoreDbContext db, IReadOnlyList<Invitation> invitations, DateTimeOffset since, DateTimeOffset now, CancellationToken ct)
    {
        var people = invitations.Select(i => i.PersonId).Distinct().ToList();
        var open = await db.Invitations.AsNoTracking()
            .Where(i => people.Contains(i.PersonId) && i.Kind != InvitationKind.Results && InvitationStatusRules.Open.Contains(i.Status)
                        && i.ExpiresAt > now && (i.SentAt == null || i.SentAt > since))
            .Select(i => new { i.PersonId, i.Id })
            .ToListAsync(ct);
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => people.Contains(s.PersonId)
                        && (s.Status == SessionStatus.Active || s.Status == SessionStatus.AwaitingCarryOn) && s.LastActivityAt > since)
            .Select(s => new { s.PersonId, s.InvitationId })
            .ToListAsync(ct);
        return invitations.Where(invitation =>
                open.Any(o => o.PersonId == invitation.PersonId && o.Id != invitation.Id)
                || sessions.Any(s => s.PersonId == invitation.PersonId && (s.InvitationId == null || s.InvitationId != invitation.Id)))
            .Select(i => i.Id).ToHashSet();
    }
}
