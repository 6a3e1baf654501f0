using CoProduction.Scheduling.Links;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.WebChat;

/// <summary>
/// Invitation links for web chat, answered from the scheduling store: the visitor becomes the
/// invited person (their own web user id, made once), so the chat carries on their invitation and
/// a text or call later finds the same session.
/// </summary>
public sealed class StoreChatInvitations(IInvitationLinks links, StoreDbContext db) : IChatInvitations
{
    public async Task<ChatInvitation?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        if (await links.ResolveAsync(token, cancellationToken) is not { } link) return null;
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == link.PersonId, cancellationToken);
        if (person is null) return null;
        if (string.IsNullOrEmpty(person.WebUserId))
        {
            person.WebUserId = "person-" + person.Id.ToString("N");
            await db.SaveChangesAsync(cancellationToken);
        }
        return new ChatInvitation(person.WebUserId, link.SurveyId);
    }
}
