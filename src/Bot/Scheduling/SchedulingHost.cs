using CoProduction.Bot.Hosting;
using CoProduction.Bot.Staff;
using CoProduction.Channels.Twilio;
using CoProduction.Scheduling;
using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Starting;
using CoProduction.Store.Setup;
using Hangfire;
using Hangfire.Common;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Scheduling;

public static class SchedulingHost
{
    /// <summary>
    /// Scheduling with Hangfire: a SQLite file beside the store's own SQLite file (named after it,
    /// so two services with different stores in one folder never take each other's jobs),
    /// PostgreSQL (the store's database) when Store:Provider is Postgres, in memory for an
    /// in-memory store or when Scheduling:JobStorage says so (tests).
    /// </summary>
    public static IServiceCollection AddSchedulingHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScheduling();
        services.AddOptions<SchedulingOptions>().PostConfigure<IOptions<TwilioOptions>>((o, twilio) => o.SendingNumber ??= twilio.Value.PhoneNumber);
        services.AddScoped<ISurveyStarter, SurveyStarter>();
        services.AddScoped<CoProduction.Bot.Staff.ResultsSendBack>();

        var settings = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        // Before AddHangfire, which only adds Hangfire's global filters when no provider is registered.
        services.AddSingleton<IJobFilterProvider>(sp => new JobFilterProviderCollection(
            JobFilterProviders.Providers, new JobFilterCollection { new JobTelemetryFilter(sp.GetRequiredService<CoProduction.Store.Telemetry.CoProductionTelemetry>()) }));
        // This host's own storage and job activator, registered before AddHangfire (which only
        // adds them when missing, from the process-wide JobStorage.Current and JobActivator.Current):
        // two hosts in one process (the tests) each keep theirs, and one stopping never hands the
        // other a disposed storage or its own services.
        services.AddSingleton<JobStorage>(sp =>
        {
            // Hangfire's serializer settings are applied when its configuration first resolves.
            sp.GetRequiredService<IGlobalConfiguration>();
            return CreateStorage(sp.GetRequiredService<IOptions<StoreOptions>>().Value, settings);
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config => config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHostedService<RecurringJobsRegistration>();
        if (settings.RunJobServer)
        {
            services.AddHangfireServer(o => o.WorkerCount = Math.Min(Environment.ProcessorCount, 4));
        }
        return services;
    }

    private static JobStorage CreateStorage(StoreOptions store, SchedulingOptions settings)
    {
        var storage = !string.IsNullOrWhiteSpace(settings.JobStorage) ? settings.JobStorage : (store.ProviderKind == StoreProvider.Postgres ? "Postgres" : "Sqlite");
        switch (storage.ToLowerInvariant())
        {
            case "postgres":
                // A node killed mid-run leaves its job locks behind (the dispatcher's one-at-a-time lock):
                // after Scheduling:JobLockTimeout (2 minutes) another node takes them. Hangfire's 10 minutes
                // would hold every sending up that long; a run that outlasts it is safe (each invitation is claimed).
                var options = new PostgreSqlStorageOptions { DistributedLockTimeout = settings.JobLockTimeout };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(store.ResolvedConnectionString, options), options);
            case "sqlite" when JobFileBeside(store) is { } file:
                // Hangfire's SQLite shares the process's SQLite library with the store: whichever opens a
                // connection first, the statistics are off before it (SQLite refuses the setting afterwards).
                SqliteMemoryStatistics.TurnOff();
                return new SQLiteStorage(file, new SQLiteStorageOptions());
            case "inmemory" or "sqlite":
                return new InMemoryStorage();
            default:
                throw new InvalidOperationException("Scheduling:JobStorage must be Sqlite, Postgres or InMemory");
        }
    }

    /// <summary>Hangfire's SQLite file for a SQLite store: beside it, <c>coproduction.db</c> -> <c>coproduction.hangfire.db</c>.</summary>
    public static string? JobFileBeside(StoreOptions store) =>
        store.SqliteFile is { } file
            ? Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file) + ".hangfire.db")
            : null;

    /// <summary>Hangfire's dashboard at /hangfire, for signed-in staff.</summary>
    public static WebApplication MapJobDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new StaffDashboardAuthorization()],
            DashboardTitle = "CoProduction jobs",
            AppPath = "/staff",
        });
        return app;
    }
}
