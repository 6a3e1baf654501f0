using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoProduction.Channels.Twilio;

public static class TwilioSignatureEndpointExtensions
{
    /// <summary>Answers 403 unless the request carries a valid X-Twilio-Signature.</summary>
    public static RouteHandlerBuilder RequireTwilioSignature(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<RouteHandlerBuilder, TwilioSignatureFilter>();

    /// <summary>The same for every endpoint in a group, e.g. everything under /twilio.</summary>
    public static RouteGroupBuilder RequireTwilioSignature(this RouteGroupBuilder builder) =>
        builder.AddEndpointFilter<RouteGroupBuilder, TwilioSignatureFilter>();
}
