using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Links;

public sealed class StoreInvitationLinks(StoreDbContext db, TimeProvider time) : IInvitationLinks
{
    public async Task<InvitationLink?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 64) return null;
        var now = time.GetUtcNow();
        var found = await db.Invitations.AsNoTracking()
            .Where(i => i.Token == token)
            .Select(i => new { i.Id, i.PersonId, i.SurveyId, i.Version, i.Status, i.ExpiresAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || found.Status.IsFinal() || found.ExpiresAt <= now) return null;
        return new InvitationLink(found.PersonId, found.SurveyId, found.Version, found.Id);
    }
}
