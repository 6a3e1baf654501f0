using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// One POST /twilio/status: what became of a text or a call we started. Parsed, not acted
/// on: the host records it (delivered and failed counts, call attempts). Twilio's fields vary
/// by product and version, so parsing never throws: anything unreadable is left null and an
/// unknown status is kept as text.
/// </summary>
/// <param name="Sid">The MessageSid ("SM...") or CallSid ("CA...").</param>
/// <param name="StatusText">The status exactly as Twilio sent it, e.g. "no-answer".</param>
/// <param name="ErrorCode">Twilio's error code on a failed text or call, e.g. 30003.</param>
/// <param name="AnsweredBy">Machine detection's verdict on a call: human, machine_start, fax...</param>
/// <param name="CallDurationSeconds">Length of a completed call.</param>
/// <param name="Query">Our own query-string parameters on the callback URL (an invitation id, say).</param>
public sealed record TwilioStatusCallback(
    TwilioStatusCallbackKind Kind,
    string Sid,
    TwilioCallbackStatus Status,
    string StatusText,
    int? ErrorCode,
    string? AnsweredBy,
    int? CallDurationSeconds,
    IReadOnlyDictionary<string, string> Query)
{
    /// <summary>True for statuses after which Twilio reports nothing more.</summary>
    public bool IsFinal => Status is TwilioCallbackStatus.Delivered or TwilioCallbackStatus.Undelivered or TwilioCallbackStatus.Failed
        or TwilioCallbackStatus.Read or TwilioCallbackStatus.Canceled or TwilioCallbackStatus.Completed
        or TwilioCallbackStatus.Busy or TwilioCallbackStatus.NoAnswer;

    /// <summary>The callback in a form, or null when it names neither a message nor a call.</summary>
    public static TwilioStatusCallback? Parse(IReadOnlyDictionary<string, string> form, string? queryString = null)
    {
        ArgumentNullException.ThrowIfNull(form);

        TwilioStatusCallbackKind kind;
        string? sid;
        string? status;
        // A call's callbacks carry CallSid; a text's carry MessageSid (older ones SmsSid).
        if (Field(form, "CallSid") is { } callSid && Field(form, "MessageSid", "SmsSid") is null)
        {
            kind = TwilioStatusCallbackKind.Call;
            sid = callSid;
            status = Field(form, "CallStatus");
        }
        else if (Field(form, "MessageSid", "SmsSid") is { } messageSid)
        {
            kind = TwilioStatusCallbackKind.Message;
            sid = messageSid;
            status = Field(form, "MessageStatus", "SmsStatus");
        }
        else
        {
            return null;
        }

        var query = QueryHelpers.ParseQuery(queryString)
            .ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

        return new TwilioStatusCallback(
            kind,
            sid,
            ToStatus(status),
            status ?? string.Empty,
            Int(Field(form, "ErrorCode")),
            Field(form, "AnsweredBy"),
            Int(Field(form, "CallDuration")),
            query);
    }

    /// <summary>Reads the callback from a request (after the signature check); null when unreadable.</summary>
    public static async Task<TwilioStatusCallback?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        return await TwilioWebhookForm.TryReadAsync(request, cancellationToken) is { } fields
            ? Parse(fields, request.QueryString.Value)
            : null;
    }

    /// <summary>"no-answer", "in-progress", "Delivered" -> the enum; anything else -> Unknown.</summary>
    public static TwilioCallbackStatus ToStatus(string? status) =>
        status?.Trim().ToLowerInvariant() switch
        {
            "accepted" => TwilioCallbackStatus.Accepted,
            "scheduled" => TwilioCallbackStatus.Scheduled,
            "queued" => TwilioCallbackStatus.Queued,
            "sending" => TwilioCallbackStatus.Sending,
            "sent" => TwilioCallbackStatus.Sent,
            "delivered" => TwilioCallbackStatus.Delivered,
            "undelivered" => TwilioCallbackStatus.Undelivered,
            "failed" => TwilioCallbackStatus.Failed,
            "received" => TwilioCallbackStatus.Received,
            "read" => TwilioCallbackStatus.Read,
            "canceled" or "cancelled" => TwilioCallbackStatus.Canceled,
            "initiated" => TwilioCallbackStatus.Initiated,
            "ringing" => TwilioCallbackStatus.Ringing,
            "in-progress" or "answered" => TwilioCallbackStatus.InProgress,
            "completed" => TwilioCallbackStatus.Completed,
            "busy" => TwilioCallbackStatus.Busy,
            "no-answer" => TwilioCallbackStatus.NoAnswer,
            _ => TwilioCallbackStatus.Unknown,
        };

    private static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    private static string? Field(IReadOnlyDictionary<string, string> form, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (form.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }
}
