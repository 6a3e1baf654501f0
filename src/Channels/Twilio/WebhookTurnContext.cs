using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// The turn of a Twilio webhook (a text, or a call's request), carrying the replies that answer it
/// (<see cref="TurnReplyBuffer"/>). They were kept in Bot Framework's TurnState, whose keys are
/// compared culture-aware (ICU sort keys of a type's full name on every add and every lookup): a
/// field is the same mark of a webhook turn at no cost.
/// </summary>
internal sealed class WebhookTurnContext(BotAdapter adapter, Activity activity) : TurnContext(adapter, activity)
{
    public TurnReplyBuffer Replies { get; } = new();
}
