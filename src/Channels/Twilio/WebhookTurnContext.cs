using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// The turn of a Twilio webhook (a text, or a call's request), carrying the replies that answer it
/// (<see cref="TurnReplyBuffer"/>). They were kept in Bot Framework's TurnState, whose keys are
/// compared culture-aware (ICU sort keys of a type's full name on every add and every lookup): a
/// field is the same mark of a webhook turn at no cost.
/// It is also in TurnState once, under a short key, for the bot's wrapped context (ActivityHandler hands the bot a
/// context that wraps this one; as DirectLineAdapter's VisitorTurnContext): a text's turn asks through it whether
/// its replies wait for the turn's end (TwilioSmsAdapter.RepliesWaitForTheTurn).
/// </summary>
internal sealed class WebhookTurnContext : TurnContext
{
    private const string Key = "tw";

    public WebhookTurnContext(BotAdapter adapter, Activity activity)
        : base(adapter, activity)
    {
        TurnState.Add(Key, Replies);
    }

    public TurnReplyBuffer Replies { get; } = new();

    /// <summary>The replies of the webhook turn of <paramref name="turnContext"/> (its own or a wrapping one); null for any other turn.</summary>
    public static TurnReplyBuffer? RepliesOf(ITurnContext? turnContext) => turnContext switch
    {
        null => null,
        WebhookTurnContext own => own.Replies,
        _ => turnContext.TurnState.Get<TurnReplyBuffer>(Key),
    };
}
