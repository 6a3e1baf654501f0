using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoProduction.Store.Privacy;

public static class PrivacyServices
{
    /// <summary>Erasure, the record of one person, and retention, with the "Privacy" settings checked at start.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<PrivacyOptions>()
            .Bind(config.GetSection(PrivacyOptions.Section))
            .Validate(o => o.IsValid, PrivacyOptions.Error)
            .ValidateOnStart();
        services.TryAddScoped<CoProduction.Store.Accounts.AuditLog>();
        services.TryAddScoped<PersonEraser>();
        services.TryAddScoped<PersonRecords>();
        services.TryAddScoped<Retention>();
        return services;
    }
}
