namespace CoProduction.Scheduling.Delivery;

public enum DeliveryState
{
    /// <summary>Nothing to record yet (queued, sending, ringing...).</summary>
    InProgress,
    /// <summary>The text reached the phone, or the call was answered.</summary>
    Delivered,
    /// <summary>Undelivered, failed, busy, no answer.</summary>
    Failed,
    /// <summary>The carrier refused because the person opted out (Twilio 21610).</summary>
    OptedOut,
    /// <summary>A call that reached nobody: busy, no answer, or an answering machine. Try again later.</summary>
    RetryLater,
}

/// <summary>A provider's news about one message or call we sent, in words scheduling understands.</summary>
/// <param name="ProviderId">The MessageSid or CallSid returned when it was sent.</param>
/// <param name="InvitationId">When the callback URL named the invitation itself (calls).</param>
/// <param name="Reason">Plain English for the round page, e.g. "Twilio error 30003".</param>
public sealed record DeliveryReport(string ProviderId, DeliveryState State, Guid? InvitationId = null, string? Reason = null);
