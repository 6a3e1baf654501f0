namespace CoProduction.Channels.Twilio;

/// <summary>Whether a status callback is about a text or a call.</summary>
public enum TwilioStatusCallbackKind
{
    Message,
    Call,
}
