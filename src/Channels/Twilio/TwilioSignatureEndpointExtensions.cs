using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Channels.Twilio;

public static class TwilioSignatureEndpointExtensions
{
    /// <summary>Answers 403 unless the request carries a valid X-Twilio-Signature.</summary>
    public static RouteHandlerBuilder RequireTwilioSignature(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilterFactory(OneFilterForTheEndpoint);

    /// <summary>The same for every endpoint in a group, e.g. everything under /twilio.</summary>
    public static RouteGroupBuilder RequireTwilioSignature(this RouteGroupBuilder builder) =>
        builder.AddEndpointFilterFactory(OneFilterForTheEndpoint);

    /// <summary>
    /// One filter for each endpoint, made when the endpoint is built. <c>AddEndpointFilter&lt;TFilter&gt;</c> makes a new
    /// filter for every request, and with it the signing key the filter keeps, so the HMAC <see cref="TwilioSigner"/>
    /// keeps for that key was thrown away and set up again on every webhook. The filter reads the token afresh on every
    /// request (<c>IOptionsMonitor</c>), so a token changed while the service runs is used from the next request.
    /// </summary>
    private static EndpointFilterDelegate OneFilterForTheEndpoint(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var filter = ActivatorUtilities.CreateInstance<TwilioSignatureFilter>(context.ApplicationServices);
        return invocation => filter.InvokeAsync(invocation, next);
    }
}
