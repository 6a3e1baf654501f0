namespace CoProduction.Channels.Twilio;

/// <summary>
/// The statuses Twilio reports for texts (MessageStatus) and calls (CallStatus). Twilio adds
/// new ones from time to time; those arrive as <see cref="Unknown"/> with the text kept in
/// <see cref="TwilioStatusCallback.StatusText"/>.
/// </summary>
public enum TwilioCallbackStatus
{
    Unknown,
    Accepted,
    Scheduled,
    Queued,
    Sending,
    Sent,
    Delivered,
    Undelivered,
    Failed,
    Received,
    Read,
    Canceled,
    Initiated,
    Ringing,
    InProgress,
    Completed,
    Busy,
    NoAnswer,
}
