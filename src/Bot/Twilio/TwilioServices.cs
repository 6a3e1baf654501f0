using CoProduction.Bot.Hosting;
using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoProduction.Bot.Twilio;

public static class TwilioServices
{
    /// <summary>
    /// Texts and calls through Twilio (the adapters, the REST clients, the options), and the local
    /// development token that keeps the signature check on without a Twilio account. Routes: <see cref="TwilioEndpoints.MapTwilio"/>.
    /// </summary>
    public static IServiceCollection AddTwilio(this IServiceCollection services)
    {
        services.AddTwilioChannels();
        services.AddTwilioVoice();

        // The signature check is never switched off: without a real token we sign with a local one.
        services.TryAddSingleton<LocalSecrets>();
        services.AddOptions<TwilioOptions>()
            .PostConfigure<LocalSecrets>((options, secrets) =>
            {
                if (!LocalSecrets.IsSet(options.AuthToken)) options.AuthToken = secrets.LoadOrCreate(LocalDevelopmentToken.FileName);
            })
            .Validate(o => LocalSecrets.IsSet(o.AuthToken), LocalSecrets.Required("Twilio:AuthToken"))
            .ValidateOnStart();
        return services;
    }
}
