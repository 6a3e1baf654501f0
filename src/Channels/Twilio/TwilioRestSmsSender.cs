using Microsoft.Extensions.Logging;
using Twilio.Exceptions;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Sends texts through Twilio and turns Twilio's refusals into <see cref="SmsSendResult"/>
/// values the outbound dispatcher can act on (stop, retry later, or give up).
/// </summary>
public sealed class TwilioRestSmsSender(ITwilioMessagingClient client, ILogger<TwilioRestSmsSender> logger) : ISmsSender
{
    public async Task<SmsSendResult> SendAsync(string to, string body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentNullException.ThrowIfNull(body);

        try
        {
            var sid = await client.CreateMessageAsync(to, body, cancellationToken);
            return SmsSendResult.Sent(sid);
        }
        catch (ApiException e)
        {
            var result = Map(e.Code, e.Status);
            // The code and status only: Twilio's own message can quote the number.
            logger.LogWarning("Twilio refused a text: error {Code}, HTTP {Status}, retryable {Retryable}", e.Code, e.Status, result.Retryable);
            return result;
        }
        catch (Exception e) when (TwilioHttp.IsPaused(e))
        {
            logger.LogWarning("Twilio is not answering; the circuit is open, so this text waits");
            return SmsSendResult.Failed(TwilioHttp.PausedCode, TwilioHttp.PausedReason("text"), retryable: true);
        }
        catch (Exception e) when (TwilioHttp.IsUncertain(e))
        {
            logger.LogWarning("Twilio did not answer a text request in time ({ExceptionType}); not repeated, as it may have been taken", e.GetType().Name);
            return SmsSendResult.Failed(TwilioHttp.UncertainCode, TwilioHttp.UncertainReason("text"), retryable: false);
        }
        catch (Exception e) when (e is ApiConnectionException or HttpRequestException or TimeoutException
                                  || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Could not reach Twilio to send a text: {ExceptionType}", e.GetType().Name);
            return SmsSendResult.Failed(SmsSendResult.UnreachableCode, "We could not reach Twilio. The text will be tried again.", retryable: true);
        }
    }

    /// <summary>Twilio error codes (https://www.twilio.com/docs/api/errors) to plain reasons.</summary>
    public static SmsSendResult Map(int code, int httpStatus) => code switch
    {
        21610 => SmsSendResult.Failed("21610", "This person has opted out of texts from our number (they replied STOP).", retryable: false),
        20429 => RateLimited("20429"),
        21211 => SmsSendResult.Failed("21211", "This phone number is not valid.", retryable: false),
        21614 => SmsSendResult.Failed("21614", "This phone number cannot receive texts (it may be a landline).", retryable: false),
        21408 => SmsSendResult.Failed("21408", "Our Twilio account is not allowed to text this country.", retryable: false),
        20003 => SmsSendResult.Failed("20003", "Twilio did not accept our account id or auth token.", retryable: false),
        _ when httpStatus == 429 => RateLimited(code == 0 ? "429" : code.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        _ when httpStatus >= 500 => SmsSendResult.Failed(
            code == 0 ? httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture) : code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "Twilio had a problem on its side. The text will be tried again.", retryable: true),
        _ => SmsSendResult.Failed(
            code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Twilio refused the text (error {code}).", retryable: false),
    };

    private static SmsSendResult RateLimited(string code) =>
        SmsSendResult.Failed(code, "We are sending too many texts at once. The text will be tried again shortly.", retryable: true);
}
