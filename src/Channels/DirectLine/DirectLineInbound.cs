using Microsoft.Bot.Schema;

namespace CoProduction.Channels.DirectLine;

/// <summary>An activity from a client made ready for the conversation, or why it was refused.</summary>
public sealed record DirectLineInbound(Activity? Activity, string? Problem)
{
    public bool Succeeded => Activity is not null;

    public static DirectLineInbound Refused(string problem) => new(null, problem);
}
