using CoProduction.Bot.Conversations;
using CoProduction.Channels.Twilio;

namespace CoProduction.Bot.Twilio;

public static class TwilioEndpoints
{
    /// <summary>Twilio's webhooks. Every one checks X-Twilio-Signature first (403 otherwise).</summary>
    public static IEndpointRouteBuilder MapTwilio(this IEndpointRouteBuilder app)
    {
        var twilio = app.MapGroup("/twilio").DisableAntiforgery();

        twilio.MapPost("/sms", (HttpContext http, TwilioSmsAdapter adapter, SurveyBot bot, CancellationToken ct) =>
                adapter.ProcessAsync(http.Request, http.Response, bot, ct))
            .RequireTwilioSignature()
            .WithName("TwilioSms");

        twilio.MapPost("/status", Scheduling.StatusCallbackEndpoint.HandleAsync).RequireTwilioSignature().WithName("TwilioStatus");

        return app;
    }
}
