using System.Globalization;
using CoProduction.Channels.Twilio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Exceptions;

namespace CoProduction.Channels.Voice;

/// <summary>
/// Places survey calls through Twilio and turns Twilio's refusals into
/// <see cref="VoiceCallResult"/> values the outbound dispatcher can act on.
/// </summary>
public sealed class TwilioRestVoiceCaller(ITwilioCallClient client, IOptionsMonitor<TwilioOptions> options, ILogger<TwilioRestVoiceCaller> logger) : IVoiceCaller
{
    public async Task<VoiceCallResult> CallAsync(string to, string invitationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentException.ThrowIfNullOrEmpty(invitationId);

        var settings = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(settings.PublicBaseUrl))
        {
            // Twilio needs an address it can reach to ask what to say; the request's own URL
            // does not exist here, outside any request.
            logger.LogError("Could not place a call: Twilio:PublicBaseUrl is not set");
            return VoiceCallResult.Failed(VoiceCallResult.NoPublicUrlCode, "Calls need Twilio:PublicBaseUrl, the address Twilio uses to reach this service.", retryable: false);
        }

        if (string.IsNullOrWhiteSpace(settings.PhoneNumber))
        {
            logger.LogError("Could not place a call: Twilio:PhoneNumber is not set");
            return VoiceCallResult.Failed("no-phone-number", "Calls need Twilio:PhoneNumber, the number we call from.", retryable: false);
        }

        var call = Describe(to, invitationId, settings.PublicBaseUrl, settings.PhoneNumber);
        try
        {
            return VoiceCallResult.Started(await client.CreateCallAsync(call, cancellationToken));
        }
        catch (ApiException e)
        {
            var result = Map(e.Code, e.Status);
            // The code and status only: Twilio's own message can quote the number.
            logger.LogWarning("Twilio refused a call: error {Code}, HTTP {Status}, retryable {Retryable}", e.Code, e.Status, result.Retryable);
            return result;
        }
        catch (Exception e) when (TwilioHttp.IsPaused(e))
        {
            logger.LogWarning("Twilio is not answering; the circuit is open, so this call waits");
            return VoiceCallResult.Failed(TwilioHttp.PausedCode, TwilioHttp.PausedReason("call"), retryable: true);
        }
        catch (Exception e) when (TwilioHttp.IsUncertain(e))
        {
            logger.LogWarning("Twilio did not answer a call request in time ({ExceptionType}); not repeated, as it may have been taken", e.GetType().Name);
            return VoiceCallResult.Failed(TwilioHttp.UncertainCode, TwilioHttp.UncertainReason("call"), retryable: false);
        }
        catch (Exception e) when (e is ApiConnectionException or HttpRequestException or TimeoutException
                                  || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Could not reach Twilio to place a call: {ExceptionType}", e.GetType().Name);
            return VoiceCallResult.Failed(VoiceCallResult.UnreachableCode, "We could not reach Twilio. The call will be tried again.", retryable: true);
        }
    }

    /// <summary>The call for an invitation: our webhook with the invitation id, and the status callback.</summary>
    public static OutboundCall Describe(string to, string invitationId, string publicBaseUrl, string from)
    {
        var root = publicBaseUrl.TrimEnd('/');
        return new OutboundCall(
            to,
            from,
            new Uri(root + "/twilio/voice?" + VoiceQuery.Invitation + "=" + Uri.EscapeDataString(invitationId)),
            new Uri(root + "/twilio/status"));
    }

    /// <summary>Twilio error codes (https://www.twilio.com/docs/api/errors) to plain reasons.</summary>
    public static VoiceCallResult Map(int code, int httpStatus) => code switch
    {
        20429 => RateLimited("20429"),
        13224 => VoiceCallResult.Failed("13224", "This phone number is not valid.", retryable: false),
        21211 => VoiceCallResult.Failed("21211", "This phone number is not valid.", retryable: false),
        21215 => VoiceCallResult.Failed("21215", "Our Twilio account is not allowed to call this number or country.", retryable: false),
        21216 => VoiceCallResult.Failed("21216", "Our Twilio account is not allowed to call this number.", retryable: false),
        21217 => VoiceCallResult.Failed("21217", "This phone number is not valid.", retryable: false),
        21219 => VoiceCallResult.Failed("21219", "A Twilio trial account can only call verified numbers.", retryable: false),
        20003 => VoiceCallResult.Failed("20003", "Twilio did not accept our account id or auth token.", retryable: false),
        _ when httpStatus == 429 => RateLimited(code == 0 ? "429" : Text(code)),
        _ when httpStatus >= 500 => VoiceCallResult.Failed(code == 0 ? Text(httpStatus) : Text(code), "Twilio had a problem on its side. The call will be tried again.", retryable: true),
        _ => VoiceCallResult.Failed(Text(code), $"Twilio refused the call (error {Text(code)}).", retryable: false),
    };

    private static VoiceCallResult RateLimited(string code) =>
        VoiceCallResult.Failed(code, "We are placing too many calls at once. The call will be tried again shortly.", retryable: true);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
