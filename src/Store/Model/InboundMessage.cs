using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Model;

/// <summary>
/// A message we have handled, keyed by the channel's own id (Twilio's MessageSid). The primary
/// key is what makes a retried webhook harmless: a second insert of the same id fails, so the
/// turn is never recorded twice, even when two copies arrive at the same moment.
/// </summary>
public sealed class InboundMessage
{
    public required string MessageId { get; set; }
    public Channel Channel { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The replies we rendered (JSON array of strings), so a retry gets the same answer.</summary>
    public required string RepliesJson { get; set; }
}
