using Microsoft.Bot.Builder;

namespace CoProduction.Channels;

/// <summary>
/// How a channel answers a turn that failed, in its own medium. The host's one error boundary
/// decides which kind of failure it was and calls one of these on the turn's adapter; outside a
/// turn someone is waiting on (a proactive turn), both rethrow so the caller (a job) sees it.
/// </summary>
public interface ITurnFailureReplies
{
    /// <summary>
    /// A failure that is ours and will not pass by asking again (a bug, a state that cannot be
    /// read): log it and apologise.
    /// </summary>
    Task HandleTurnErrorAsync(ITurnContext turnContext, Exception exception);

    /// <summary>
    /// A failure that is ours and passing (the store busy, out of reach, too slow): nothing was
    /// recorded, so the same message can simply come again. Twilio is answered 503 with
    /// Retry-After (it retries or uses the fallback URL); a person in web chat is asked to try
    /// again in a moment.
    /// </summary>
    Task HandleTransientFailureAsync(ITurnContext turnContext, Exception exception);
}
