using System.Text.RegularExpressions;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Checks on <see cref="TwilioOptions"/>, each with the message shown when the service
/// refuses to start, so a wrong setting is named rather than failing later on a webhook.
/// </summary>
public static partial class TwilioOptionsValidation
{
    public const string PhoneNumberMessage = "Twilio:PhoneNumber must look like +447700900000";
    public const string PublicBaseUrlMessage =
        "Twilio:PublicBaseUrl must be a full web address starting with http:// or https://, like https://surveys.example.org";
    public const string SendModeMessage =
        "Twilio:SendMode is Twilio, so Twilio:AccountSid, Twilio:AuthToken and Twilio:PhoneNumber must all be set";

    /// <summary>Unset is fine; when set, it must be E.164 ("+" then 7 to 15 digits).</summary>
    public static bool IsValidPhoneNumber(string? phoneNumber) =>
        string.IsNullOrEmpty(phoneNumber) || E164().IsMatch(phoneNumber);

    /// <summary>Unset is fine; when set, it must be an absolute http(s) URL.</summary>
    public static bool IsValidPublicBaseUrl(string? publicBaseUrl) =>
        string.IsNullOrEmpty(publicBaseUrl)
        || (Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));

    public const string ApiBaseUrlMessage =
        "Twilio:ApiBaseUrl must be a full web address starting with http:// or https://, like https://api.twilio.com";

    public static bool IsValidApiBaseUrl(string? apiBaseUrl) =>
        !string.IsNullOrEmpty(apiBaseUrl) && IsValidPublicBaseUrl(apiBaseUrl);

    /// <summary>Sending through Twilio needs an account, a token and a number to send from.</summary>
    public static bool IsValidSendMode(TwilioOptions options) =>
        options.EffectiveSendMode != TwilioSendMode.Twilio
        || (!string.IsNullOrWhiteSpace(options.AccountSid)
            && !string.IsNullOrWhiteSpace(options.AuthToken)
            && !string.IsNullOrWhiteSpace(options.PhoneNumber));

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
