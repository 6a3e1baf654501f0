using CoProduction.Channels.Twilio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.Voice;

public static class VoiceServiceCollectionExtensions
{
    /// <summary>
    /// Twilio voice: options from the "Voice" section (checked at start), the mapper, the
    /// adapter, and an <see cref="IVoiceCaller"/> chosen by
    /// <see cref="TwilioOptions.EffectiveSendMode"/>. Also registers the Twilio SMS basics it
    /// shares (options, outbox, clock), so it works with or without AddTwilioChannels.
    /// </summary>
    public static IServiceCollection AddTwilioVoice(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddTwilioChannels();
        services.AddOptions<VoiceOptions>()
            .BindConfiguration(VoiceOptions.SectionName)
            .Validate(VoiceOptionsValidation.AreValidLanguages, VoiceOptionsValidation.LanguagesMessage)
            .Validate(VoiceOptionsValidation.IsValidDefaultLanguage, VoiceOptionsValidation.DefaultLanguageMessage)
            .Validate(VoiceOptionsValidation.AreValidTimeouts, VoiceOptionsValidation.TimeoutMessage)
            .Validate(VoiceOptionsValidation.IsValidSpeechTimeout, VoiceOptionsValidation.SpeechTimeoutMessage)
            .ValidateOnStart();

        services.TryAddSingleton<TwilioVoiceMapper>();
        services.TryAddSingleton<TwilioVoiceAdapter>();
        services.TryAddSingleton<ITwilioCallClient, TwilioCallClient>();
        services.TryAddSingleton<OutboxVoiceCaller>();
        services.TryAddSingleton<TwilioRestVoiceCaller>();
        services.TryAddSingleton<IVoiceCaller>(sp =>
            sp.GetRequiredService<IOptions<TwilioOptions>>().Value.EffectiveSendMode == TwilioSendMode.Twilio
                ? sp.GetRequiredService<TwilioRestVoiceCaller>()
                : sp.GetRequiredService<OutboxVoiceCaller>());

        return services;
    }
}
