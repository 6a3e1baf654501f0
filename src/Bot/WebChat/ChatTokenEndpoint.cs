using CoProduction.Channels.DirectLine;
using Microsoft.AspNetCore.Mvc;

namespace CoProduction.Bot.WebChat;

/// <summary>
/// POST /chat/token: the chat page's Direct Line token, minted in-process so the secret never
/// leaves the server. The token is for a new conversation and the visitor's own web user id
/// (kept by the page as a signed "visitor" value), so a returning visitor resumes their survey.
/// An invitation link's token, when we know it, makes the visitor that invited person.
/// </summary>
public static class ChatTokenEndpoint
{
    public const string Path = "/chat/token";

    private const int MaxInviteLength = 256;

    public static async Task<IResult> IssueAsync(
        [FromBody] ChatTokenRequest? request,
        DirectLineTokens tokens,
        DirectLineCheckedTokens checkedTokens,
        WebVisitors visitors,
        IChatInvitations invitations,
        CancellationToken cancellationToken)
    {
        var userId = visitors.Verify(request?.Visitor) ?? WebVisitors.NewUserId();
        string? survey = null;
        string? invitation = null;

        var invite = request?.Invite?.Trim();
        if (!string.IsNullOrEmpty(invite))
        {
            var found = invite.Length <= MaxInviteLength ? await invitations.ResolveAsync(invite, cancellationToken) : null;
            if (found is null)
            {
                // Not an error: the page says kindly that the link did not work and offers the surveys.
                invitation = "unknown";
            }
            else
            {
                invitation = "accepted";
                userId = found.WebUserId;
                survey = found.SurveyId;
            }
        }

        var conversationId = DirectLineConversationIds.New();
        return Results.Json(new ChatTokenResponse(
            conversationId,
            // Kept as checked on this node: the page starts its conversation with it at once.
            checkedTokens.Issue(conversationId, userId),
            (int)tokens.Lifetime.TotalSeconds,
            userId,
            visitors.Sign(userId),
            survey,
            invitation));
    }
}

/// <summary>What the page sends: its stored visitor value, and the invitation token from the link.</summary>
public sealed record ChatTokenRequest(string? Visitor, string? Invite);

/// <summary>
/// What the page gets back. <c>invitation</c> is null without an invite, else "accepted" or "unknown";
/// <c>survey</c> is the invitation's survey.
/// </summary>
public sealed record ChatTokenResponse(
    string ConversationId,
    string Token,
    int ExpiresIn,
    string UserId,
    string Visitor,
    string? Survey,
    string? Invitation);
