using CoProduction.Bot.Conversations;
using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;

namespace CoProduction.Bot.Twilio;

public static class TwilioEndpoints
{
    public const string Prefix = "/twilio";

    /// <summary>Whether a request is for one of Twilio's webhooks (any case, as routing matches).</summary>
    public static bool IsWebhook(PathString path) => path.StartsWithSegments(Prefix);

    /// <summary>Twilio's webhooks. Every one checks X-Twilio-Signature first (403 otherwise).</summary>
    public static IEndpointRouteBuilder MapTwilio(this IEndpointRouteBuilder app)
    {
        var twilio = app.MapGroup(Prefix).DisableAntiforgery();

        twilio.MapPost("/sms", (HttpContext http, TwilioSmsAdapter adapter, SurveyBot bot, CancellationToken ct) =>
                adapter.ProcessAsync(http.Request, http.Response, bot, ct))
            .RequireTwilioSignature()
            .WithName("TwilioSms");

        // A call starts at /twilio/voice; each answer comes back to /twilio/voice/gather (the
        // <Gather> action, with the invitation and turn in its query string, all signed).
        var voice = twilio.MapGroup("/voice").RequireTwilioSignature();
        voice.MapPost("", (HttpContext http, TwilioVoiceAdapter adapter, SurveyBot bot, CancellationToken ct) =>
                adapter.ProcessAsync(http.Request, http.Response, bot, ct))
            .WithName("TwilioVoice");
        voice.MapPost("/gather", (HttpContext http, TwilioVoiceAdapter adapter, SurveyBot bot, CancellationToken ct) =>
                adapter.ProcessAsync(http.Request, http.Response, bot, ct))
            .WithName("TwilioVoiceGather");
        twilio.MapPost("/status", Scheduling.StatusCallbackEndpoint.HandleAsync).RequireTwilioSignature().WithName("TwilioStatus");

        return app;
    }
}
