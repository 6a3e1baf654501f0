using System.Net;
using System.Xml.Linq;
using CoProduction.Channels.Twilio;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>A phone that texts the service through its real webhook, signing like Twilio.</summary>
public sealed class TestPhone(HttpClient http, string authToken, string from, string to)
{
    public const string WebhookUrl = "http://localhost/twilio/sms";

    public string From => from;

    /// <summary>Sends a text and returns the texts that came back.</summary>
    public async Task<IReadOnlyList<string>> TextAsync(string body, string? messageSid = null)
    {
        var response = await SendAsync(body, messageSid);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Messages(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends a text and returns the whole HTTP response, for tests of the webhook itself.</summary>
    public Task<HttpResponseMessage> SendAsync(string body, string? messageSid = null, string? signature = null, bool sign = true)
    {
        var sid = messageSid ?? "SM" + Guid.NewGuid().ToString("N");
        var form = Form(sid, body);
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookUrl) { Content = new FormUrlEncodedContent(form) };
        if (sign)
        {
            request.Headers.Add(TwilioSigner.HeaderName, signature ?? TwilioSigner.Sign(authToken, WebhookUrl, form));
        }
        return http.SendAsync(request);
    }

    public Dictionary<string, string> Form(string sid, string body) => new()
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
        ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["From"] = from,
        ["ApiVersion"] = "2010-04-01",
    };

    public static IReadOnlyList<string> Messages(string twiml) =>
        XDocument.Parse(twiml).Root!.Elements("Message").Select(m => m.Value).ToList();
}
