using Microsoft.Bot.Schema;

namespace CoProduction.Channels.DirectLine;

/// <summary>An activity from a client made ready for the conversation, or why it was refused.</summary>
/// <param name="ClientActivityId">The client's own id for it (channelData.clientActivityID, else the posted id), if it gave one:
/// the same id posted again is the same activity, answered once.</param>
public sealed record DirectLineInbound(Activity? Activity, string? Problem, string? ClientActivityId = null)
{
    public bool Succeeded => Activity is not null;

    public static DirectLineInbound Refused(string problem) => new(null, problem);
}
