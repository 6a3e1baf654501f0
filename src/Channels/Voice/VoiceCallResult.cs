using System.Diagnostics.CodeAnalysis;

namespace CoProduction.Channels.Voice;

/// <summary>
/// Whether a call was placed. A refusal (bad number, rate limited) is an expected outcome the
/// dispatcher must act on, so it is a value, not an exception. "Placed" is not "answered":
/// ringing, busy, no-answer and machines arrive later on the status callback.
/// </summary>
public sealed record VoiceCallResult
{
    public const string RateLimitedCode = "20429";
    public const string UnreachableCode = "unreachable";
    public const string NoPublicUrlCode = "no-public-url";

    private VoiceCallResult(bool succeeded, string? callId, string? errorCode, string? reason, bool retryable)
    {
        Succeeded = succeeded;
        CallId = callId;
        ErrorCode = errorCode;
        Reason = reason;
        Retryable = retryable;
    }

    [MemberNotNullWhen(true, nameof(CallId))]
    [MemberNotNullWhen(false, nameof(ErrorCode), nameof(Reason))]
    public bool Succeeded { get; }

    /// <summary>Twilio's CallSid ("CA..."), or an "outbox-..." id for the local outbox.</summary>
    public string? CallId { get; }

    public string? ErrorCode { get; }

    /// <summary>Why the call was not placed, in plain English (fit for a staff page).</summary>
    public string? Reason { get; }

    /// <summary>True when the same call may succeed if tried again later.</summary>
    public bool Retryable { get; }

    public static VoiceCallResult Started(string callId) => new(true, callId, null, null, false);

    public static VoiceCallResult Failed(string errorCode, string reason, bool retryable) =>
        new(false, null, errorCode, reason, retryable);
}
