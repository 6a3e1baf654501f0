namespace CoProduction.Channels.Twilio;

/// <summary>
/// The thin seam around the Twilio SDK's static MessageResource calls, so the sender's
/// error handling can be tested with a mock instead of a Twilio account.
/// </summary>
public interface ITwilioMessagingClient
{
    /// <summary>Creates the message and returns its sid; throws the SDK's ApiException on refusal.</summary>
    Task<string> CreateMessageAsync(string to, string body, CancellationToken cancellationToken);
}
