namespace CoProduction.Channels.Voice;

/// <summary>
/// The thin seam around the Twilio SDK's static CallResource calls, so the caller's URL
/// building and error handling can be tested with a mock instead of a Twilio account.
/// </summary>
public interface ITwilioCallClient
{
    /// <summary>Places the call and returns its CallSid; throws the SDK's ApiException on refusal.</summary>
    Task<string> CreateCallAsync(OutboundCall call, CancellationToken cancellationToken);
}
