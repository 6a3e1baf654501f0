using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Calls Twilio's REST API with a client of our own rather than the SDK's static
/// TwilioClient.Init, so nothing global is shared with the rest of the process.
/// </summary>
public sealed class TwilioMessagingClient : ITwilioMessagingClient
{
    private readonly TwilioOptions _options;
    private readonly Lazy<TwilioRestClient> _client;

    public TwilioMessagingClient(IOptions<TwilioOptions> options)
    {
        _options = options.Value;
        // Built on first use: in outbox mode there may be no credentials at all.
        _client = new Lazy<TwilioRestClient>(() => new TwilioRestClient(
            _options.AccountSid ?? throw new InvalidOperationException("Twilio:AccountSid is not set"),
            _options.AuthToken ?? throw new InvalidOperationException("Twilio:AuthToken is not set")));
    }

    public async Task<string> CreateMessageAsync(string to, string body, CancellationToken cancellationToken)
    {
        var create = new CreateMessageOptions(new PhoneNumber(to))
        {
            From = new PhoneNumber(_options.PhoneNumber ?? throw new InvalidOperationException("Twilio:PhoneNumber is not set")),
            Body = body,
        };

        if (!string.IsNullOrEmpty(_options.PublicBaseUrl))
        {
            // Delivery reports feed the round's "delivered" and "failed" counts.
            create.StatusCallback = new Uri(_options.PublicBaseUrl.TrimEnd('/') + "/twilio/status");
        }

        // The SDK takes no cancellation token; WaitAsync at least stops us waiting.
        var message = await MessageResource.CreateAsync(create, _client.Value).WaitAsync(cancellationToken);
        return message.Sid;
    }
}
