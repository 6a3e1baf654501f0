namespace CoProduction.Channels.Twilio;

/// <summary>One message that would have gone to a person; what GET /api/outbox lists.</summary>
/// <param name="Channel">"sms" or "voice".</param>
public sealed record OutboxEntry(string To, string Channel, string Body, DateTimeOffset At);
