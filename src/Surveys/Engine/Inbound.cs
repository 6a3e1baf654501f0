using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Engine;

/// <summary>What a person sent: the text (or keys / speech, already as text), the channel and what it can do.</summary>
public sealed record Inbound(string Text, Channel Channel)
{
    /// <summary>The person said and pressed nothing before the channel gave up waiting (voice).</summary>
    public bool NoInput { get; init; }

    /// <summary>How sure speech recognition was of <see cref="Text"/> (0..1), when it was spoken.</summary>
    public double? SpeechConfidence { get; init; }

    /// <summary>What the channel can do; unless the caller says otherwise, what <see cref="Channel"/> does today.</summary>
    public ChannelCapabilities Capabilities { get; init; } = ChannelCapabilities.Of(Channel);
}
