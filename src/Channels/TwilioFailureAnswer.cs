using CoProduction.Channels.Twilio;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels;

/// <summary>
/// How a Twilio webhook (SMS or a call) answers a failed turn, for <see cref="TurnFailureRule"/>:
/// what the bot said before failing is dropped, since half an exchange followed by an apology
/// confuses; then either Twilio is asked to retry (503) or the words go back as TwiML, and a call
/// hangs up after them.
/// </summary>
internal static class TwilioFailureAnswer
{
    /// <summary>The answer for this turn, or null when it is not a webhook turn (nobody waits on it).</summary>
    public static Func<FailureReply, Task>? For(ITurnContext turnContext, bool hangUp) =>
        turnContext is not null && TurnReplyBuffer.Of(turnContext) is { } replies
            ? reply => AnswerAsync(turnContext, replies, reply, hangUp)
            : null;

    private static async Task AnswerAsync(ITurnContext turnContext, TurnReplyBuffer replies, FailureReply reply, bool hangUp)
    {
        if (reply.AskTwilioToRetry)
        {
            replies.AskToRetryLater();
            return;
        }
        replies.Clear();
        var words = MessageFactory.Text(reply.Words);
        words.Locale = reply.Language;
        await turnContext.SendActivitiesAsync(hangUp ? [words, new Activity(ActivityTypes.EndOfConversation)] : [words]);
    }
}
