using CoProduction.Channels.Twilio;

namespace CoProduction.Testing;

/// <summary>
/// Webhook requests as Twilio sends them: the fields of an incoming text, and a form POST signed
/// with the auth token for the URL Twilio would have called (the signer is the service's own).
/// </summary>
public static class TwilioRequests
{
    /// <summary>A test account id: "AC" and 32 hex digits, as Twilio's are.</summary>
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    /// <summary>The fields Twilio posts to the SMS webhook for one incoming text.</summary>
    public static Dictionary<string, string> Sms(string sid, string from, string to, string body) => new()
    {
        ["ToCountry"] = "GB",
        ["SmsMessageSid"] = sid,
        ["NumMedia"] = "0",
        ["SmsSid"] = sid,
        ["SmsStatus"] = "received",
        ["Body"] = body,
        ["To"] = to,
        ["NumSegments"] = "1",
        ["MessageSid"] = sid,
        ["AccountSid"] = AccountSid,
        ["From"] = from,
        ["ApiVersion"] = "2010-04-01",
    };

    /// <summary>
    /// A form POST to <paramref name="requestUri"/>, signed for <paramref name="signedUrl"/> (the
    /// public address Twilio called; the same as the request's unless a proxy stands between).
    /// </summary>
    public static HttpRequestMessage SignedPost(string requestUri, IEnumerable<KeyValuePair<string, string>> form, string authToken, string? signedUrl = null)
    {
        var fields = form.ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, requestUri) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add(TwilioSigner.HeaderName, TwilioSigner.Sign(authToken, signedUrl ?? requestUri, fields));
        return request;
    }
}
