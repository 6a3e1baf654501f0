using CoProduction.Bot.Hosting;
using CoProduction.Channels.Twilio;
using CoProduction.Surveys.Engine;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Conversations;

public static class ConversationServices
{
    /// <summary>The engine, the bot, and the local development token that keeps the signature check on without a Twilio account.</summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddOptions<EngineOptions>()
            .BindConfiguration("Surveys")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Surveys:SessionLifetime must be a positive time, like 7.00:00:00 for a week")
            .Validate(o => o.MaxReasks is >= 0 and <= 5, "Surveys:MaxReasks must be a whole number from 0 to 5")
            .ValidateOnStart();
        services.TryAddSingleton<IIdGenerator>(RandomIds.Instance);
        services.AddSingleton(sp => new SurveyEngine(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<EngineOptions>>().Value, sp.GetRequiredService<IIdGenerator>()));
        services.AddScoped<TurnPipeline>();
        services.AddVoiceWordingFromPhrases();
        services.AddScoped<SurveyBot>();
        services.AddSingleton<MenuMemory>();

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
