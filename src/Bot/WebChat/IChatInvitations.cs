namespace CoProduction.Bot.WebChat;

/// <summary>
/// Looks up the invitation behind a chat link (<c>/chat?invite=&lt;token&gt;</c>), so a person
/// invited by text can carry on in web chat as themselves. Invitations belong to the scheduling
/// work; the chat page only needs this one question answered.
/// </summary>
public interface IChatInvitations
{
    /// <summary>The person's web user id and the survey to start, or null for a token we do not know (or no longer honour).</summary>
    Task<ChatInvitation?> ResolveAsync(string token, CancellationToken cancellationToken);
}

/// <summary>Who an invitation link is for, and which survey it opens.</summary>
public sealed record ChatInvitation(string WebUserId, string SurveyId);
