using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Model;

/// <summary>A message "sent" to the local outbox when no Twilio account is configured.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public required string To { get; set; }
    public Channel Channel { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset At { get; set; }
}
