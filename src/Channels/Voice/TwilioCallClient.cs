using CoProduction.Channels.Twilio;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;
using TwilioHttpMethod = Twilio.Http.HttpMethod;

namespace CoProduction.Channels.Voice;

/// <summary>
/// Places calls through Twilio's REST API, with retries and a circuit breaker (<see cref="TwilioHttp"/>).
/// </summary>
public sealed class TwilioCallClient(TwilioRestClients clients) : ITwilioCallClient
{
    /// <summary>The progress events the status callback should hear about.</summary>
    public static readonly IReadOnlyList<string> StatusCallbackEvents = ["initiated", "ringing", "answered", "completed"];

    public async Task<string> CreateCallAsync(OutboundCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        // The SDK takes no cancellation token; WaitAsync at least stops us waiting.
        var created = await CallResource.CreateAsync(ToCreateOptions(call), clients.Create()).WaitAsync(cancellationToken);
        return created.Sid;
    }

    /// <summary>
    /// The SDK request for a call. Machine detection "Enable" makes Twilio tell us in the first
    /// webhook whether a person or a machine answered (AnsweredBy), so a machine is never
    /// asked survey questions.
    /// </summary>
    public static CreateCallOptions ToCreateOptions(OutboundCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new CreateCallOptions(new PhoneNumber(call.To), new PhoneNumber(call.From))
        {
            Url = call.Url,
            Method = TwilioHttpMethod.Post,
            MachineDetection = "Enable",
            StatusCallback = call.StatusCallback,
            StatusCallbackMethod = TwilioHttpMethod.Post,
            StatusCallbackEvent = [.. StatusCallbackEvents],
        };
    }
}
