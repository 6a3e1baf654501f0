using CoProduction.Channels.Voice;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// The words a call reads choices out with ("Press 1 for ..., or say your answer.") come from
/// each language's phrase file, like everything else the service says. The voice channel knows
/// nothing of surveys, so the host hands them over; only the Polly voice and the language code
/// of a new language are settings (Voice:Languages:&lt;language&gt;).
/// </summary>
public static class VoiceWording
{
    public static IServiceCollection AddVoiceWordingFromPhrases(this IServiceCollection services)
    {
        services.PostConfigure<VoiceOptions>(Apply);
        return services;
    }

    public static void Apply(VoiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var phrases in Phrases.All)
        {
            if (!options.Languages.TryGetValue(phrases.Language, out var language)) continue;
            language.PressWord = phrases.PressWord;
            language.ForWord = phrases.ForWord;
            language.OrSayYourAnswer = phrases.OrSayYourAnswer;
        }
    }
}
