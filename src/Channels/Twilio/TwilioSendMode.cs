namespace CoProduction.Channels.Twilio;

/// <summary>Where outgoing text messages go.</summary>
public enum TwilioSendMode
{
    /// <summary>
    /// To the local outbox: lets the service run, and be tested, without a Twilio account
    /// and without ever texting a real person by accident.
    /// </summary>
    Outbox,

    /// <summary>Through the Twilio REST API to real phones.</summary>
    Twilio,
}
