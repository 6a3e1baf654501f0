namespace CoProduction.Channels.Voice;

/// <summary>
/// What to ask Twilio for when placing a call: built by <see cref="TwilioRestVoiceCaller"/>
/// (so the URLs can be tested) and sent by <see cref="ITwilioCallClient"/>.
/// </summary>
/// <param name="Url">Our call webhook, with the invitation in its query string.</param>
/// <param name="StatusCallback">Where Twilio reports initiated, ringing, answered and completed.</param>
public sealed record OutboundCall(string To, string From, Uri Url, Uri StatusCallback);
