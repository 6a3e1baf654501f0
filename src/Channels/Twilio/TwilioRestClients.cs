using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Http;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// A Twilio SDK client of our own (never the SDK's static TwilioClient.Init, so nothing global is
/// shared with the rest of the process) whose requests go through <see cref="TwilioHttp"/>'s
/// HttpClient. Made per send: the HttpClient factory then rotates connections as it should.
/// </summary>
public sealed class TwilioRestClients(IHttpClientFactory http, IOptions<TwilioOptions> options)
{
    public TwilioRestClient Create()
    {
        var settings = options.Value;
        // Checked here, not at start: in outbox mode there may be no credentials at all.
        return new TwilioRestClient(
            settings.AccountSid ?? throw new InvalidOperationException("Twilio:AccountSid is not set"),
            settings.AuthToken ?? throw new InvalidOperationException("Twilio:AuthToken is not set"),
            httpClient: new SystemNetHttpClient(http.CreateClient(TwilioHttp.ClientName)));
    }
}
