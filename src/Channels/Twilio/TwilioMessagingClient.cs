using Microsoft.Extensions.Options;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Creates messages through Twilio's REST API, with retries and a circuit breaker (<see cref="TwilioHttp"/>).
/// </summary>
public sealed class TwilioMessagingClient(TwilioRestClients clients, IOptions<TwilioOptions> options) : ITwilioMessagingClient
{
    private readonly TwilioOptions _options = options.Value;

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
        var message = await MessageResource.CreateAsync(create, clients.Create()).WaitAsync(cancellationToken);
        return message.Sid;
    }
}
