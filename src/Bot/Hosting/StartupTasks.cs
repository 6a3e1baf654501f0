using CoProduction.Store.Board;
using Microsoft.Extensions.Options;
using CoProduction.Store;
using CoProduction.Store.Setup;

namespace CoProduction.Bot.Hosting;

public static class StartupTasks
{
    /// <summary>
    /// Brings the store up to date and makes sure the demo surveys are there and published, so a
    /// fresh clone answers its keyword at once. Both are safe to run at every start.
    /// </summary>
    public static async Task PrepareStoreAsync(this WebApplication app)
    {
        // A wrong or missing setting stops the start here, named, before anything touches the database.
        app.Services.GetService<IStartupValidator>()?.Validate();
        await StoreMigrator.MigrateAsync(app.Services);
        if (app.Services.GetRequiredService<IOptions<StoreOptions>>().Value.ProviderKind == StoreProvider.Sqlite)
        {
            // Said once at start, so that a SQLite started by something else first (then every allocation SQLite
            // makes takes a process-wide lock) shows in the log rather than only in a profile.
            if (SqliteMemoryStatistics.Off) app.Logger.LogInformation("SQLite's memory statistics are off.");
            else app.Logger.LogWarning("SQLite's memory statistics are on: something in this process started SQLite before the store could turn them off. The store works as before, a little slower.");
        }

        var folder = SurveysFolder(app.Configuration);
        if (folder is null) return;
        using var scope = app.Services.CreateScope();
        var library = scope.ServiceProvider.GetRequiredService<SurveyLibrary>();
        // Surveys shipped with the service were approved before they shipped (CoProduction:ApproveShippedSurveys).
        var approved = scope.ServiceProvider.GetRequiredService<IOptions<CoProductionOptions>>().Value.ApproveShippedSurveys;
        var count = await library.ImportFolderAsync(folder, publish: true, CancellationToken.None,
            approvalNote: approved ? $"Loaded from the surveys folder {folder} (CoProduction:ApproveShippedSurveys)" : null);
        app.Logger.LogInformation("Loaded {Count} survey files from {Folder}", count, folder);
    }

    /// <summary>`Surveys:Folder` when set (empty turns demo loading off), else the surveys shipped with the service.</summary>
    private static string? SurveysFolder(IConfiguration configuration)
    {
        var configured = configuration["Surveys:Folder"];
        if (configured is not null) return configured.Length == 0 ? null : configured;
        var shipped = Path.Combine(AppContext.BaseDirectory, "surveys");
        return Directory.Exists(shipped) ? shipped : null;
    }
}
