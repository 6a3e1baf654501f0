using CoProduction.Store;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// The one bot behind every channel. It holds no survey logic: it loads the person's state,
/// hands the turn to the engine, saves the answer and state in one transaction, and only then
/// sends the replies (nothing is lost if the process dies between the two).
/// </summary>
public sealed class SurveyBot(
    ConversationStore conversations,
    SurveyCatalogProvider catalogs,
    StoreDbContext db,
    SurveyEngine engine,
    ILogger<SurveyBot> logger) : ActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var channel = ChannelOf(activity.ChannelId);
        var address = AddressOf(channel, activity.From?.Id);
        if (address is null)
        {
            logger.LogWarning("Ignored a {Channel} message with no usable sender", channel.ToName());
            return;
        }

        var messageId = string.IsNullOrEmpty(activity.Id) ? null : activity.Id;
        if (messageId is not null && await conversations.FindRepliesAsync(messageId, cancellationToken) is { } earlier)
        {
            // A retried webhook: answer as before, record nothing.
            await SendTextsAsync(turnContext, earlier, cancellationToken);
            return;
        }

        // Two texts from one person can arrive together; the store refuses the second save of the
        // same session (Conflict) and we run the turn again on the fresh state.
        for (var attempt = 1; ; attempt++)
        {
            var record = await conversations.LoadAsync(address, cancellationToken);
            var catalog = await catalogs.GetAsync(db, cancellationToken);
            var result = engine.Handle(record.State, new Inbound(activity.Text ?? "", channel), catalog);
            var replies = ChannelReplies.For(channel, result.Replies);

            var outcome = await conversations.SaveTurnAsync(
                address, messageId, activity.Recipient?.Id, result, ChannelReplies.Texts(replies), cancellationToken);
            switch (outcome)
            {
                case SaveOutcome.Duplicate when messageId is not null:
                    // The same message arrived twice at once and the other copy won: give its answer.
                    await SendTextsAsync(turnContext, await conversations.FindRepliesAsync(messageId, cancellationToken) ?? [], cancellationToken);
                    return;
                case SaveOutcome.Conflict when attempt < MaxAttempts:
                    db.ChangeTracker.Clear();
                    continue;
                case SaveOutcome.Conflict:
                    throw new InvalidOperationException($"The conversation kept changing under this turn after {MaxAttempts} attempts.");
            }

            logger.LogInformation("Turn on {Channel}: {Replies} replies, {Events} events", channel.ToName(), replies.Count, result.Events.Count);
            if (replies.Count > 0)
            {
                await turnContext.SendActivitiesAsync(replies.Cast<IActivity>().ToArray(), cancellationToken);
            }
            return;
        }
    }

    private const int MaxAttempts = 3;

    private static Task SendTextsAsync(ITurnContext turnContext, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        var activities = texts.Select(t => (IActivity)MessageFactory.Text(t)).ToArray();
        return activities.Length == 0 ? Task.CompletedTask : turnContext.SendActivitiesAsync(activities, cancellationToken);
    }

    public static Channel ChannelOf(string? channelId) => channelId switch
    {
        "sms" => Channel.Sms,
        "voice" => Channel.Voice,
        _ => Channel.Web,
    };

    private static ChannelAddress? AddressOf(Channel channel, string? from)
    {
        if (string.IsNullOrWhiteSpace(from)) return null;
        if (channel == Channel.Web) return new ChannelAddress(channel, from);
        return CoProduction.Store.PhoneNumbers.ToE164(from) is { } phone ? new ChannelAddress(channel, phone) : null;
    }
}
