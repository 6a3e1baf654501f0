using CoProduction.Channels.DirectLine;
using CoProduction.Store.WebChat;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Bot.WebChat;

/// <summary>
/// A web chat turn's activities (the visitor's and the replies about to be saved) for the turn's own
/// transaction: the adapter renders them (<see cref="DirectLineAdapter.PrepareTurnActivities"/>), the
/// store keeps them with the turn's answers (<see cref="WebChatTurnAppend"/>), and the adapter hears
/// what was kept. Null for any other turn, which keeps its activities as before.
/// </summary>
public static class WebChatTurns
{
    /// <summary>
    /// The activities for the save, and the replies as the turn's store keeps them with its message when EF
    /// saves the turn (the same JSON as the history's, without the numbers, so each reply is serialised once;
    /// the prepared save, which keeps them in the history in the same transaction, keeps no second copy:
    /// ConversationStore.WebVisitor.cs); null for a turn that is not kept so.
    /// </summary>
    public static (WebChatTurnAppend Append, IReadOnlyList<string> StoredReplies)? Prepare(ITurnContext turnContext, IReadOnlyList<Activity> replies)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (turnContext.Adapter is not DirectLineAdapter adapter || adapter.PrepareTurnActivities(turnContext, replies) is not { } turn) return null;
        var append = new WebChatTurnAppend(turn.ConversationId, turn.Renders, turn.ClientActivityId, turn.Now, turn.ExpiresAt,
            InMemoryDirectLineConversations.MaxActivitiesPerConversation,
            kept => turn.Kept(kept?.Select(a => new DirectLineActivityRecord(a.Sequence, a.Json)).ToList()));
        return (append, turn.RepliesJson);
    }
}
