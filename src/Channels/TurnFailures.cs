using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;

namespace CoProduction.Channels;

/// <summary>How every adapter's error boundary logs a failed turn: the same line on every channel.</summary>
public static class TurnFailures
{
    /// <summary>
    /// Logs the exception's types and stack only: an exception's message can quote what the
    /// person sent or said, and answers never go in logs.
    /// </summary>
    public static void Log(ILogger logger, ITurnContext turnContext, Exception exception) =>
        logger.LogError(
            "A bot turn failed for activity {ActivityId} on channel {ChannelId}: {ExceptionType} at {StackTrace}",
            turnContext.Activity?.Id,
            turnContext.Activity?.ChannelId,
            Describe(exception),
            exception.StackTrace);

    /// <summary>A passing failure (the store busy or out of reach): a warning, same details, same care.</summary>
    public static void LogTransient(ILogger logger, ITurnContext turnContext, Exception exception) =>
        logger.LogWarning(
            "A bot turn for activity {ActivityId} on channel {ChannelId} could not run just now and was not recorded: {ExceptionType}",
            turnContext.Activity?.Id,
            turnContext.Activity?.ChannelId,
            Describe(exception));

    /// <summary>
    /// What a Twilio webhook does with a passing failure (SMS and voice alike): log it and ask
    /// Twilio to retry (503, so it can use the number's fallback URL) rather than answer with a
    /// question whose answer we could not keep. A proactive turn has no webhook waiting: the
    /// failure goes back to the caller (a job that can retry).
    /// </summary>
    public static Task AskTwilioToRetry(ILogger logger, ITurnContext turnContext, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(exception);

        LogTransient(logger, turnContext, exception);
        if (Twilio.TurnReplyBuffer.Of(turnContext) is { } replies)
        {
            replies.AskToRetryLater();
            return Task.CompletedTask;
        }

        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
        return Task.CompletedTask;
    }

    /// <summary>The exception's type and its inner exceptions' types, outermost first.</summary>
    public static string Describe(Exception exception)
    {
        var names = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            names.Add(e.GetType().FullName ?? e.GetType().Name);
        }

        return string.Join(" <- ", names);
    }
}
