namespace CoProduction.Channels.Voice;

/// <summary>
/// Starts an outbound survey call for an invitation. Twilio then calls our /twilio/voice
/// webhook with the invitation id in its query string, and the call runs like any other.
/// The seam lets the service run against a local outbox and lets tests avoid Twilio.
/// </summary>
public interface IVoiceCaller
{
    Task<VoiceCallResult> CallAsync(string to, string invitationId, CancellationToken cancellationToken);
}
