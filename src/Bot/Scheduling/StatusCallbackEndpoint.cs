using CoProduction.Channels.Twilio;
using CoProduction.Scheduling.Delivery;

namespace CoProduction.Bot.Scheduling;

/// <summary>
/// POST /twilio/status: what became of a text or call we started. Signature-checked by the route;
/// repeats are harmless because invitations only move forward. Always 200 to a signed callback,
/// so Twilio does not retry news we cannot use.
/// </summary>
public static class StatusCallbackEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, DeliveryReports reports, ILoggerFactory logs, CancellationToken ct)
    {
        var callback = await TwilioStatusCallback.ReadAsync(request, ct);
        if (callback is not null)
        {
            var matched = await reports.ApplyAsync(ToReport(callback), ct);
            if (callback.Kind == TwilioStatusCallbackKind.Call && callback.IsFinal)
            {
                // The end of every call, ours or theirs, by its CallSid only (never the number). A
                // caller who hung up part way keeps their session: it carries on next time.
                logs.CreateLogger("CoProduction.Calls").LogInformation(
                    "Call {CallSid} ended: {Status} after {Seconds} s{Invitation}",
                    callback.Sid, callback.StatusText, callback.CallDurationSeconds, matched ? " (an invitation call)" : "");
            }
        }
        return Results.Ok();
    }

    public static DeliveryReport ToReport(TwilioStatusCallback callback)
    {
        var invitation = callback.Query.TryGetValue(CoProduction.Channels.Voice.VoiceQuery.Invitation, out var raw) && Guid.TryParse(raw, out var id) ? id : (Guid?)null;
        var reason = callback.ErrorCode is { } code ? $"Twilio error {code} ({callback.StatusText})" : $"Twilio says: {callback.StatusText}";
        var machine = CoProduction.Channels.Voice.TwilioVoiceMapper.IsMachine(callback.AnsweredBy);
        if (machine) reason = "An answering machine picked up; we will try again.";
        var state = TwilioDeliveryStates.Of(callback, machine);
        return new DeliveryReport(callback.Sid, state, invitation, reason);
    }
}
