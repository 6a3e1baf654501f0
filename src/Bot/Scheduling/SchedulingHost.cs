using CoProduction.Bot.Hosting;
using CoProduction.Bot.Staff;
using CoProduction.Channels.Twilio;
using CoProduction.Scheduling;
using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Starting;
using CoProduction.Store.Setup;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Scheduling;

public static class SchedulingHost
{
    public const string HangfireFile = "hangfire.db";

    /// <summary>
    /// Scheduling with Hangfire: its own SQLite file under the data folder by default, PostgreSQL
    /// when Store:Provider is Postgres, in memory when Scheduling:JobStorage says so (tests).
    /// </summary>
    public static IServiceCollection AddSchedulingHost(this IServiceCollection services, IConfiguration configuration, DataDirectory data)
    {
        services.AddScheduling();
        services.AddOptions<SchedulingOptions>().PostConfigure<IOptions<TwilioOptions>>((o, twilio) => o.SendingNumber ??= twilio.Value.PhoneNumber);
        services.AddScoped<ISurveyStarter, SurveyStarter>();

        var settings = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        var storage = settings.JobStorage
            ?? (string.Equals(configuration["Store:Provider"], nameof(StoreProvider.Postgres), StringComparison.OrdinalIgnoreCase) ? "Postgres" : "Sqlite");
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (storage.ToLowerInvariant())
            {
                case "inmemory":
                    config.UseInMemoryStorage();
                    break;
                case "postgres":
                    var connection = configuration.GetConnectionString("Store")
                        ?? throw new InvalidOperationException(StoreOptions.ConnectionStringError);
                    config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connection));
                    break;
                case "sqlite":
                    config.UseSQLiteStorage(Path.Combine(data.Path, HangfireFile), new SQLiteStorageOptions());
                    break;
                default:
                    throw new InvalidOperationException("Scheduling:JobStorage must be Sqlite, Postgres or InMemory");
            }
        });
        if (settings.RunJobServer)
        {
            services.AddHangfireServer(o => o.WorkerCount = Math.Min(Environment.ProcessorCount, 4));
        }
        return services;
    }

    /// <summary>The recurring jobs, the dashboard for signed-in staff, the people and rounds API.</summary>
    public static WebApplication MapScheduling(this WebApplication app)
    {
        RecurringJobs.Register(app.Services.GetRequiredService<IRecurringJobManager>());
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new StaffDashboardAuthorization()],
            DashboardTitle = "CoProduction jobs",
            AppPath = "/staff",
        });
        app.MapSchedulingApi();
        return app;
    }
}
