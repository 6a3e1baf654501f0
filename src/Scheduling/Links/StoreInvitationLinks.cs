using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Links;

public sealed class StoreInvitationLinks(StoreDbContext db, TimeProvider time) : IInvitationLinks
{
    public Task<InvitationLink?> ResolveAsync(string token, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(token) || token.Length > 64
            ? Task.FromResult<InvitationLink?>(null)
            : FindWhereAsync(i => i.Token == token, cancellationToken);

    public Task<InvitationLink?> FindAsync(Guid invitationId, CancellationToken cancellationToken) =>
        FindWhereAsync(i => i.Id == invitationId, cancellationToken);

    private async Task<InvitationLink?> FindWhereAsync(System.Linq.Expressions.Expression<Func<Invitation, bool>> which, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = await db.Invitations.AsNoTracking()
            .Where(which)
            .Select(i => new { i.Id, i.PersonId, i.SurveyId, i.Version, i.Status, i.ExpiresAt, i.Kind })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || found.Status.IsFinal() || found.ExpiresAt <= now) return null;
        return new InvitationLink(found.PersonId, found.SurveyId, found.Version, found.Id, found.Kind);
    }
}
