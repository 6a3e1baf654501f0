using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.Twilio;

public static class TwilioServiceCollectionExtensions
{
    /// <summary>
    /// Twilio SMS: options from the "Twilio" section (checked at start, so a wrong setting
    /// stops the service with a message naming it), the mapper, the adapter, and an
    /// <see cref="ISmsSender"/> chosen by <see cref="TwilioOptions.EffectiveSendMode"/>.
    /// Register a different <see cref="IOutbox"/> before or after this to replace the
    /// in-memory one.
    /// </summary>
    public static IServiceCollection AddTwilioChannels(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<TwilioOptions>()
            .BindConfiguration(TwilioOptions.SectionName)
            .Validate(o => TwilioOptionsValidation.IsValidPhoneNumber(o.PhoneNumber), TwilioOptionsValidation.PhoneNumberMessage)
            .Validate(o => TwilioOptionsValidation.IsValidPublicBaseUrl(o.PublicBaseUrl), TwilioOptionsValidation.PublicBaseUrlMessage)
            .Validate(TwilioOptionsValidation.IsValidSendMode, TwilioOptionsValidation.SendModeMessage)
            .Validate(o => TwilioOptionsValidation.IsValidApiBaseUrl(o.ApiBaseUrl), TwilioOptionsValidation.ApiBaseUrlMessage)
            .Validate(o => o.Resilience.IsValid, TwilioResilienceOptions.InvalidMessage)
            .ValidateOnStart();

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TwilioSmsMapper>();
        services.TryAddSingleton<IOutbox, InMemoryOutbox>();
        services.AddTwilioHttp();
        services.TryAddSingleton<ITwilioMessagingClient, TwilioMessagingClient>();
        services.TryAddSingleton<OutboxSmsSender>();
        services.TryAddSingleton<TwilioRestSmsSender>();
        services.TryAddSingleton<ISmsSender>(sp =>
            sp.GetRequiredService<IOptions<TwilioOptions>>().Value.EffectiveSendMode == TwilioSendMode.Twilio
                ? sp.GetRequiredService<TwilioRestSmsSender>()
                : sp.GetRequiredService<OutboxSmsSender>());
        services.TryAddSingleton<TwilioSmsAdapter>();

        return services;
    }
}
