using System.Globalization;
using System.Xml.Linq;
using CoProduction.Channels.Twilio;

namespace CoProduction.Phone;

/// <summary>
/// Sends text messages to the service exactly as Twilio would: a form POST to /twilio/sms,
/// signed with the auth token, with a fresh MessageSid each time. Returns the texts in the reply.
/// </summary>
public sealed class SimulatedPhone(HttpClient http, Uri baseUrl, string authToken, string from, string to)
{
    private int _count;

    public async Task<IReadOnlyList<string>> TextAsync(string body, CancellationToken ct = default)
    {
        var url = new Uri(baseUrl, "/twilio/sms").ToString();
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = sid,
            ["SmsSid"] = sid,
            ["AccountSid"] = "AC" + new string('0', 32),
            ["From"] = from,
            ["To"] = to,
            ["Body"] = body,
            ["NumMedia"] = "0",
            ["NumSegments"] = "1",
            ["ApiVersion"] = "2010-04-01",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSigner.HeaderName, TwilioSigner.Sign(authToken, url, form));
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        _count++;
        if (!response.IsSuccessStatusCode)
        {
            return [$"(the service answered {(int)response.StatusCode}: {text})"];
        }
        return XDocument.Parse(text).Descendants("Message").Select(m => m.Value).ToList();
    }

    public int Sent => _count;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{from} -> {to}");
}
