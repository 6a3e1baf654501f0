using CoProduction.Store.BotState;
using CoProduction.Store.Catalog;
using CoProduction.Store.Conversations;
using CoProduction.Store.DataProtection;
using CoProduction.Store.Telemetry;
using CoProduction.Store.Library;
using CoProduction.Store.Limits;
using CoProduction.Store.Outbox;
using CoProduction.Store.Privacy;
using CoProduction.Store.Results;
using CoProduction.Store.Setup;
using CoProduction.Store.WebChat;
using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoProduction.Store;

public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// The shared store and everything built on it. Call <see cref="StoreMigrator.MigrateAsync"/>
    /// once the app is built, before it serves requests.
    /// </summary>
    /// <param name="dataDirectory">The service's data folder; the default SQLite file goes in it.</param>
    public static IServiceCollection AddStore(this IServiceCollection services, IConfiguration config, string dataDirectory)
    {
        services.AddOptions<StoreOptions>()
            .Bind(config.GetSection(StoreOptions.Section))
            .Configure(o =>
            {
                o.ConnectionString = config.GetConnectionString("Store");
                o.DataDirectory = dataDirectory;
            })
            .Validate(o => o.ProviderKind is not null, StoreOptions.ProviderError)
            .Validate(o => o.ProviderKind != StoreProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString), StoreOptions.ConnectionStringError)
            .Validate(o => o.CheckpointValid, StoreOptions.CheckpointError)
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<IDbContextFactory<StoreDbContext>, StoreDbContextFactory>();
        // Scoped and disposed with the scope: one context per request or job, as AddDbContext would.
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<StoreDbContext>>().CreateDbContext());
        services.TryAddScoped<StoreContextLease>();

        services.TryAddSingleton<FieldLimits>();
        services.TryAddSingleton<ISurveyParser, YamlSurveyParser>();
        services.TryAddSingleton<SurveyDefinitionCache>();
        services.TryAddSingleton<SurveyCatalogProvider>();

        services.TryAddSingleton(sp => new StoreWriteGate(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoreOptions>>().Value.ProviderKind ?? StoreProvider.Sqlite));
        services.TryAddSingleton<TurnConnections>();
        // Singleton as well as hosted, so one instance runs and tests can run a pass themselves.
        services.TryAddSingleton<SqliteCheckpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
        services.TryAddScoped<ConversationStore>();
        services.TryAddScoped<Interviews.InterviewBook>();
        services.TryAddScoped<SurveyLibrary>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IPublishRule, KeywordIsFreeRule>());
        services.TryAddScoped<ResultsQuery>();
        services.AddOptions<DisclosureOptions>()
            .Bind(config.GetSection(DisclosureOptions.Section))
            .Validate(o => o.MinimumGroup >= DisclosureOptions.LeastMinimumGroup, DisclosureOptions.MinimumGroupError)
            .Validate(o => o.SmallCount >= DisclosureOptions.LeastSmallCount, DisclosureOptions.SmallCountError)
            .ValidateOnStart();
        services.TryAddScoped<DisclosureSettings>();
        services.TryAddScoped<ResultsReleases>();
        services.TryAddScoped<ActionBook>();
        services.TryAddScoped<PublicResultsQuery>();
        services.TryAddScoped<ResultsMessages>();
        services.TryAddScoped<CheckinRecaps>();
        services.TryAddScoped<StaffResultsQuery>();
        services.TryAddScoped<Accounts.AuditLog>();
        services.TryAddScoped<FreeText.FreeTextAnswerLookup>();
        services.TryAddScoped<FreeText.FreeTextAnswers>();
        services.TryAddScoped<FreeText.ThemeBook>();
        services.TryAddScoped<FreeText.AnswerTags>();
        services.TryAddScoped<FreeText.QuoteBook>();
        services.TryAddScoped<FreeText.PublicThemesQuery>();
        services.TryAddScoped<CoProduction.Store.Results.Export.ResultsExport>();
        services.TryAddScoped<OutboxLog>();
        services.AddPrivacy(config);

        services.AddStoreDataProtection();
        services.AddMetrics();
        services.TryAddSingleton<CoProductionTelemetry>();
        services.TryAddSingleton<WebChatHistory>();
        services.TryAddSingleton<RateCounters>();

        services.TryAddSingleton<StoreBotStorage>();
        services.TryAddSingleton<IStorage>(sp => sp.GetRequiredService<StoreBotStorage>());
        return services;
    }
}
