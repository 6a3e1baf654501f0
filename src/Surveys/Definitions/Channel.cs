namespace CoProduction.Surveys.Definitions;

/// <summary>The medium a person answers through. One survey definition serves all three.</summary>
public enum Channel
{
    Sms,
    Voice,
    Web,
}

public static class ChannelNames
{
    public static string ToName(this Channel channel) => channel switch
    {
        Channel.Sms => "sms",
        Channel.Voice => "voice",
        Channel.Web => "web",
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
