namespace CoProduction.Surveys.Definitions;

/// <summary>The medium a person answers through. One survey definition serves all three.</summary>
public enum Channel
{
    Sms,
    Voice,
    Web,

    /// <summary>
    /// A peer researcher sitting with the person (or on the phone to them) reads each question
    /// aloud and enters the answer. Never a way we reach anyone: no survey file, import or round
    /// can choose it, so <see cref="ChannelNames.TryParse"/> does not read it.
    /// </summary>
    Interview,
}

public static class ChannelNames
{
    public static string ToName(this Channel channel) => channel switch
    {
        Channel.Sms => "sms",
        Channel.Voice => "voice",
        Channel.Web => "web",
        Channel.Interview => "interview",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static bool TryParse(string? name, out Channel channel)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "sms": channel = Channel.Sms; return true;
            case "voice": channel = Channel.Voice; return true;
            case "web": channel = Channel.Web; return true;
            default: channel = default; return false;
        }
    }
}
