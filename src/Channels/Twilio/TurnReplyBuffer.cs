using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Replies collected during one webhook turn, to go back in the same HTTP response (TwiML). A turn
/// that has one (<see cref="Of"/>) is a webhook turn rather than a proactive one.
/// </summary>
internal sealed class TurnReplyBuffer
{
    /// <summary>The replies of a webhook turn; null in a proactive turn, which has nobody waiting on a webhook.</summary>
    public static TurnReplyBuffer? Of(ITurnContext turnContext) => (turnContext as WebhookTurnContext)?.Replies;

    private readonly Lock _gate = new();
    private readonly List<Activity> _activities = [];

    public void Add(Activity activity)
    {
        lock (_gate) _activities.Add(activity);
    }

    /// <summary>How long Twilio is asked to wait before trying a webhook again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// Set when the turn failed for a passing reason: the webhook is answered 503 with
    /// Retry-After instead of TwiML, so Twilio tries again (or uses the fallback URL).
    /// </summary>
    public bool RetryLater { get; private set; }

    public void Clear()
    {
        lock (_gate) _activities.Clear();
    }

    /// <summary>Drops any replies and marks the turn to be answered 503.</summary>
    public void AskToRetryLater()
    {
        Clear();
        RetryLater = true;
    }

    /// <summary>503 with Retry-After and no TwiML: nothing was recorded, so the retry runs the turn afresh.</summary>
    public static void WriteRetryLater(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public Activity[] Snapshot()
    {
        lock (_gate) return [.. _activities];
    }
}
