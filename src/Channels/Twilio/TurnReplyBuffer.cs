using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Replies collected during one webhook turn, to go back in the same HTTP response (TwiML). Its
/// presence in a turn's TurnState marks the turn as a webhook turn rather than a proactive one.
/// </summary>
internal sealed class TurnReplyBuffer
{
    private readonly Lock _gate = new();
    private readonly List<Activity> _activities = [];

    public void Add(Activity activity)
    {
        lock (_gate) _activities.Add(activity);
    }

    public void Clear()
    {
        lock (_gate) _activities.Clear();
    }

    public Activity[] Snapshot()
    {
        lock (_gate) return [.. _activities];
    }
}
