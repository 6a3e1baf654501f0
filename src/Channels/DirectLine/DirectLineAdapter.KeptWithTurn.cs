using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// A visitor's turn whose activities the bot's store keeps in the turn's own transaction: one
/// write a chat turn instead of the turn's and then the history's. The bot asks for them
/// (<see cref="PrepareTurnActivities"/>) with the replies it is about to save; when the store has
/// kept them, sending those replies only gives them their ids and hands them to open WebSockets.
/// </summary>
public partial class DirectLineAdapter
{
    /// <summary>
    /// The visitor's activity and <paramref name="replies"/> as the history keeps them, stamped as
    /// sending them would stamp them; null when they cannot go with the turn (not a visitor's turn on
    /// this adapter, kept already, a conversations store that is not the turn's, a reply that is not
    /// kept such as typing or a delay, or one for another conversation). Prepared again for each save.
    /// </summary>
    public DirectLineTurnActivities? PrepareTurnActivities(ITurnContext turnContext, IReadOnlyList<Activity> replies)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(replies);
        if (!_conversations.KeepsTurnActivities || !ReferenceEquals(turnContext.Adapter, this)) return null;
        if (VisitorTurnContext.Of(turnContext) is not { Received: { Stored: false, Repeated: false } received } turn) return null;
        var conversationId = turnContext.Activity.Conversation.Id;
        foreach (var reply in replies)
        {
            if (reply.Type is ActivityTypes.Delay or ActivityTypes.Trace or ActivityTypesEx.InvokeResponse or ActivityTypes.Typing) return null;
            if (reply.Conversation?.Id is { } other && other != conversationId) return null;
        }

        // What TurnContext does to each activity it sends, done now so that what is kept is what is sent.
        var reference = turnContext.Activity.GetConversationReference();
        var now = _time.GetUtcNow();
        var stamped = new Activity[replies.Count];
        var renders = new Func<long, string>[replies.Count + 1];
        var serialized = new string[replies.Count];
        renders[0] = _ => received.Json;
        for (var i = 0; i < replies.Count; i++)
        {
            var one = stamped[i] = DirectLineActivityMapper.Outbound(replies[i].ApplyConversationReference(reference), conversationId, BotAccount, now);
            // Serialised once, before it has its number: the turn's stored replies, and with its id the history's row and the frame.
            var json = serialized[i] = DirectLineJson.Serialize(one);
            renders[i + 1] = sequence =>
            {
                one.Id = DirectLineActivityMapper.ActivityId(conversationId, sequence);
                return DirectLineJson.WithId(json, one);
            };
        }
        var prepared = new DirectLineTurnActivities(conversationId, received.ClientActivityId, renders, replies, stamped, serialized,
            now, now + _options.CurrentValue.ConversationIdleLifetime, received.MarkStored);
        turn.Prepared = prepared;
        return prepared;
    }

    /// <summary>The replies the turn's store kept with it: their ids, and this node's WebSockets told.</summary>
    private async Task<ResourceResponse[]?> SendKeptAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        if (VisitorTurnContext.Of(turnContext)?.Prepared is not { } prepared || !prepared.IsFor(activities)) return null;
        if (prepared.Gone) throw new InvalidOperationException("The web chat conversation has ended or expired, so the message could not be sent.");
        if (prepared.Records is null) return null;
        var responses = new ResourceResponse[activities.Length];
        for (var i = 0; i < activities.Length; i++)
        {
            activities[i].Id = prepared.Stamped[i].Id;
            responses[i] = new ResourceResponse(activities[i].Id);
        }
        await AnnounceKeptAsync(turnContext, cancellationToken);
        return responses;
    }

    /// <summary>Once per turn: what its store kept reaches open WebSockets (also for a turn with no reply to send).</summary>
    private async Task AnnounceKeptAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (VisitorTurnContext.Of(turnContext)?.Prepared is not { Records: { } records, Announced: false } prepared) return;
        prepared.Announced = true;
        await _conversations.AnnounceAsync(prepared.ConversationId, records, cancellationToken);
    }
}
