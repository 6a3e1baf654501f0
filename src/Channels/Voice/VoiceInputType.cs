namespace CoProduction.Channels.Voice;

/// <summary>How the caller answered, as carried in <see cref="VoiceCallData.InputType"/>.</summary>
public static class VoiceInputType
{
    /// <summary>Key presses (Twilio's Digits).</summary>
    public const string Dtmf = "dtmf";

    /// <summary>Words (Twilio's SpeechResult, with a Confidence).</summary>
    public const string Speech = "speech";

    /// <summary>Nothing: the call started, or the caller stayed silent.</summary>
    public const string None = "none";
}
