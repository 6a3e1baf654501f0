using CoProduction.Bot.Scheduling;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Operations;

/// <summary>What running several nodes behind a proxy needs: forwarded headers, health checks, telemetry.</summary>
public static class OperationsServices
{
    /// <summary>How long one check may take before the node counts as not ready.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProxySettings>()
            .Configure(s => s.Read(configuration.GetSection(ProxySettings.Section)))
            .Validate(s => s.ProxiesAreValid, ProxySettings.ProxiesMessage)
            .Validate(s => s.NetworksAreValid, ProxySettings.NetworksMessage)
            .Validate(s => s.LimitIsValid, ProxySettings.LimitMessage)
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxySettings>>((o, s) => s.Value.ApplyTo(o));

        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [HealthEndpoints.ReadyTag], timeout: CheckTimeout)
            .AddCheck<JobStorageHealthCheck>("jobs", tags: [HealthEndpoints.ReadyTag], timeout: CheckTimeout);

        services.AddTelemetry(configuration);
        return services;
    }

    /// <summary>GET /health/live, /health/ready, /health and /metrics.</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealth();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
