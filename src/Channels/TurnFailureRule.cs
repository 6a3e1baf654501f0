using System.Runtime.ExceptionServices;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;

namespace CoProduction.Channels;

/// <summary>Which kind of failure a turn met; the host's error boundary decides (see <see cref="ITurnFailureReplies"/>).</summary>
public enum TurnFailureKind
{
    /// <summary>Ours, and asking again will not help (a bug, a state that cannot be read): apologise.</summary>
    Lasting,

    /// <summary>Ours, and passing (the store busy, out of reach, too slow): nothing was recorded, so the same message can come again.</summary>
    Passing,
}

/// <summary>How a channel reaches the person: what they can be told, and whether Twilio can be asked to retry.</summary>
public enum FailureMedium
{
    Text,
    Call,
    Chat,
}

/// <summary>
/// What the person gets when their turn failed: <see cref="Words"/> in their <see cref="Language"/>
/// (an apology, or "try again in a moment"), or, on a Twilio webhook, Twilio asked to send the
/// same message again (503 with Retry-After, or the number's fallback URL).
/// </summary>
public sealed record FailureReply(string? Words, string? Language, bool AskTwilioToRetry);

/// <summary>
/// The one rule for a failed turn on every channel (SMS, voice, web chat): it logs the failure
/// (<see cref="TurnFailures"/>: types and stack, never what the person sent), decides what the
/// person gets by the kind of failure, the medium and their language, and has the channel answer
/// in its own form (TwiML, a chat activity). A turn nobody waits on (a proactive one, run by a
/// job) gets no answer: the failure goes back to the caller, which can retry.
/// </summary>
public static class TurnFailureRule
{
    public static class English
    {
        public const string TryAgainLater = "Sorry, something went wrong on our side. Please try again in a few minutes.";
        public const string CallBackLater = "Sorry, something went wrong on our side. Please call back later.";
        public const string TryAgainInAMoment = "Sorry, we could not take that just now. Please try again in a moment.";
    }

    public static class Welsh
    {
        public const string TryAgainLater = "Mae'n ddrwg gennym, aeth rhywbeth o'i le ar ein hochr ni. Rhowch gynnig arall arni ymhen ychydig funudau.";
        public const string CallBackLater = "Mae'n ddrwg gennym, aeth rhywbeth o'i le ar ein hochr ni. Ffoniwch yn ôl yn nes ymlaen.";
        public const string TryAgainInAMoment = "Mae'n ddrwg gennym, doedd dim modd i ni gymryd hynny ar hyn o bryd. Rhowch gynnig arall arni mewn munud.";
    }

    /// <summary>
    /// A passing failure on a Twilio webhook asks Twilio to retry rather than answer with a
    /// question whose answer we could not keep; in chat there is no Twilio to ask, so the person
    /// is asked. A lasting one is an apology: a caller is asked to call back, since the call ends.
    /// </summary>
    public static FailureReply ReplyFor(FailureMedium medium, TurnFailureKind kind, string? language)
    {
        var welsh = language is not null && language.StartsWith("cy", StringComparison.OrdinalIgnoreCase);
        string Say(string english, string cymraeg) => welsh ? cymraeg : english;
        return (medium, kind) switch
        {
            (FailureMedium.Chat, TurnFailureKind.Passing) => new(Say(English.TryAgainInAMoment, Welsh.TryAgainInAMoment), language, false),
            (_, TurnFailureKind.Passing) => new(null, language, true),
            (FailureMedium.Call, _) => new(Say(English.CallBackLater, Welsh.CallBackLater), language, false),
            _ => new(Say(English.TryAgainLater, Welsh.TryAgainLater), language, false),
        };
    }

    /// <summary>
    /// Logs the failure and gives the person its <see cref="ReplyFor"/> through
    /// <paramref name="answer"/>, the channel's own way of answering this turn; null when nobody
    /// waits on the turn, which rethrows the failure to the caller.
    /// </summary>
    public static async Task HandleAsync(
        ILogger logger, ITurnContext turnContext, Exception exception, TurnFailureKind kind, FailureMedium medium, Func<FailureReply, Task>? answer)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(exception);

        if (kind == TurnFailureKind.Passing) TurnFailures.LogTransient(logger, turnContext, exception);
        else TurnFailures.Log(logger, turnContext, exception);

        if (answer is null) ExceptionDispatchInfo.Throw(exception);
        await answer(ReplyFor(medium, kind, turnContext.Activity?.Locale));
    }
}
