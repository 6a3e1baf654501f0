namespace CoProduction.Channels.Twilio;

/// <summary>
/// Sends one text outside a webhook reply (survey invitations, proactive messages). The seam
/// lets the service run against a local outbox and lets tests avoid Twilio.
/// </summary>
public interface ISmsSender
{
    Task<SmsSendResult> SendAsync(string to, string body, CancellationToken cancellationToken);
}
