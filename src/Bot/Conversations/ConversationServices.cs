using CoProduction.Surveys.Engine;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Conversations;

public static class ConversationServices
{
    /// <summary>The engine and the bot that runs it for every channel.</summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddOptions<EngineOptions>()
            .BindConfiguration("Surveys")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Surveys:SessionLifetime must be a positive time, like 7.00:00:00 for a week")
            .Validate(o => o.MaxReasks is >= 0 and <= 5, "Surveys:MaxReasks must be a whole number from 0 to 5")
            .ValidateOnStart();
        services.TryAddSingleton<IIdGenerator>(sp => new RandomIds(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SurveyEngine(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<EngineOptions>>().Value, sp.GetRequiredService<IIdGenerator>()));
        services.AddScoped<TurnPipeline>();
        services.AddVoiceWordingFromPhrases();
        services.AddScoped<SurveyBot>();
        services.AddScoped<MenuMemory>();

        return services;
    }
}
