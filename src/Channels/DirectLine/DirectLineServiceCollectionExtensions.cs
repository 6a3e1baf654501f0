using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.DirectLine;

public static class DirectLineServiceCollectionExtensions
{
    /// <summary>The CORS policy on every Direct Line endpoint, built from DirectLine:AllowedOrigins.</summary>
    public const string CorsPolicyName = "DirectLine";

    /// <summary>
    /// Web chat over Direct Line 3.0: options from the "DirectLine" section (checked at start),
    /// the token issuer, the in-memory conversation store (register another
    /// <see cref="IDirectLineConversations"/> to replace it), the adapter, the CORS policy and
    /// the rate-limit policy. The host then calls, in this order: UseForwardedHeaders (behind a
    /// proxy), UseWebSockets, UseCors, UseRateLimiter, and maps with MapDirectLine.
    /// When DirectLine:Secret is unset the host fills it before start:
    /// <c>services.PostConfigure&lt;DirectLineOptions&gt;(o => o.Secret ??= LocalDirectLineSecret.LoadOrCreate(dataDir))</c>.
    /// </summary>
    public static IServiceCollection AddDirectLine(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<DirectLineOptions>()
            .BindConfiguration(DirectLineOptions.SectionName)
            .Validate(o => DirectLineOptionsValidation.IsValidSecret(o.Secret), DirectLineOptionsValidation.SecretMessage)
            .Validate(o => DirectLineOptionsValidation.IsValidTokenLifetime(o.TokenLifetime), DirectLineOptionsValidation.TokenLifetimeMessage)
            .Validate(o => DirectLineOptionsValidation.IsValidOrigins(o.AllowedOrigins), DirectLineOptionsValidation.AllowedOriginsMessage)
            .Validate(o => DirectLineOptionsValidation.IsValidRateLimit(o.TokenRequestsPerMinute), DirectLineOptionsValidation.RateLimitMessage)
            .Validate(o => DirectLineOptionsValidation.IsValidRateLimit(o.MessagesPerMinute), DirectLineOptionsValidation.MessageRateMessage)
            .Validate(o => DirectLineOptionsValidation.IsValidIdleLifetime(o.ConversationIdleLifetime), DirectLineOptionsValidation.IdleLifetimeMessage)
            .Validate(o => DirectLineOptionsValidation.IsValidKeepAlive(o.KeepAliveInterval), DirectLineOptionsValidation.KeepAliveMessage)
            .Validate(DirectLineOptionsValidation.IsValidBot, DirectLineOptionsValidation.BotMessage)
            .ValidateOnStart();

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DirectLineTokens>();
        services.TryAddSingleton<DirectLineCheckedTokens>();
        services.TryAddSingleton<IDirectLineConversations, InMemoryDirectLineConversations>();
        services.TryAddSingleton<DirectLineAdapter>();

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<DirectLineOptions>>((cors, directLine) =>
            cors.AddPolicy(CorsPolicyName, policy => policy
                // No cookies: the Bearer header carries the credentials, so no AllowCredentials.
                .WithOrigins([.. directLine.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))])
                .WithMethods("GET", "POST")
                .AllowAnyHeader()
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        services.AddRateLimiter(limiter => limiter
            .AddPolicy<string, DirectLineRateLimiting>(DirectLineRateLimiting.PolicyName)
            .AddPolicy<string, DirectLineMessageRateLimiting>(DirectLineMessageRateLimiting.PolicyName));

        return services;
    }
}
