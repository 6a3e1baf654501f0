using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// Hangfire's storage out of reach: every connection fails, as when its database is down. The
/// real <see cref="BackgroundJobClient"/> runs on it, so callers meet exactly what Hangfire throws.
/// </summary>
public sealed class RefusingJobStorage : JobStorage
{
    public override IMonitoringApi GetMonitoringApi() => throw Down();
    public override IStorageConnection GetConnection() => throw Down();

    private static InvalidOperationException Down() => new("The job storage is out of reach.");

    /// <summary>Makes the service's job client enqueue onto a storage that refuses.</summary>
    // Made when first asked for: Hangfire's log provider is process-wide and set as each host starts.
    public static void Use(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IBackgroundJobClient>(_ => new BackgroundJobClient(new RefusingJobStorage())));
}
