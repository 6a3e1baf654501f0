using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Engine;

/// <summary>What a person sent: the text (or keys / speech, already as text) and the channel.</summary>
public sealed record Inbound(string Text, Channel Channel)
{
    /// <summary>The person said and pressed nothing before the channel gave up waiting (voice).</summary>
    public bool NoInput { get; init; }

    /// <summary>How sure speech recognition was of <see cref="Text"/> (0..1), when it was spoken.</summary>
    public double? SpeechConfidence { get; init; }
}
