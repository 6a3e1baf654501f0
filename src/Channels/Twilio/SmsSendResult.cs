using System.Diagnostics.CodeAnalysis;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// What happened to one outgoing text. A refusal (opted out, rate limited, bad number) is an
/// expected outcome the sender must act on, so it is a value, not an exception.
/// </summary>
public sealed record SmsSendResult
{
    public const string OptedOutCode = "21610";
    public const string RateLimitedCode = "20429";
    public const string UnreachableCode = "unreachable";

    private SmsSendResult(bool succeeded, string? messageId, string? errorCode, string? reason, bool retryable)
    {
        Succeeded = succeeded;
        MessageId = messageId;
        ErrorCode = errorCode;
        Reason = reason;
        Retryable = retryable;
    }

    [MemberNotNullWhen(true, nameof(MessageId))]
    [MemberNotNullWhen(false, nameof(ErrorCode), nameof(Reason))]
    public bool Succeeded { get; }

    /// <summary>The provider's id for the message (Twilio's "SM..." sid), when sent.</summary>
    public string? MessageId { get; }

    /// <summary>The provider's error code, e.g. "21610", when not sent.</summary>
    public string? ErrorCode { get; }

    /// <summary>Why it was not sent, in plain English (fit for a staff page).</summary>
    public string? Reason { get; }

    /// <summary>True when the same message may succeed if sent again later.</summary>
    public bool Retryable { get; }

    /// <summary>The person has told their carrier to stop texts from us: never retry.</summary>
    public bool OptedOut => ErrorCode == OptedOutCode;

    public static SmsSendResult Sent(string messageId) => new(true, messageId, null, null, false);

    public static SmsSendResult Failed(string errorCode, string reason, bool retryable) =>
        new(false, null, errorCode, reason, retryable);
}
