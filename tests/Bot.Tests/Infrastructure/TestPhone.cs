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
        var form = Form(messageSid ?? "SM" + Guid.NewGuid().ToString("N"), body);
        var request = TwilioRequests.SignedPost(WebhookUrl, form, authToken);
        if (!sign || signature is not null) request.Headers.Remove(TwilioSigner.HeaderName);
        if (sign && signature is not null) request.Headers.Add(TwilioSigner.HeaderName, signature);
        return http.SendAsync(request);
    }

    public Dictionary<string, string> Form(string sid, string body) => TwilioRequests.Sms(sid, from, to, body);

    public static IReadOnlyList<string> Messages(string twiml) =>
        XDocument.Parse(twiml).Root!.Elements("Message").Select(m => m.Value).ToList();
}
