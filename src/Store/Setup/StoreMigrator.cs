using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Setup;

/// <summary>Brings the store's schema up to date at start, before the first request.</summary>
public static partial class StoreMigrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        if (db.Database.IsSqlite())
        {
            // The page size first: SQLite takes it only while the file has nothing in it (switching to WAL
            // writes the file's first page), and ignores it on a store that already has pages.
            // WAL lets readers (the staff pages) go on while a webhook writes. Both are kept in the
            // database file, so setting them once here covers every later connection.
            var asked = scope.ServiceProvider.GetRequiredService<IOptions<StoreOptions>>().Value.PageSize;
            // A validated whole number (StoreOptions.PageSizeValid), so no text of anyone's reaches the SQL.
            var pragmas = "PRAGMA page_size=" + asked.ToString(System.Globalization.CultureInfo.InvariantCulture) + "; PRAGMA journal_mode=WAL;";
            await db.Database.ExecuteSqlRawAsync(pragmas, ct);
            var kept = await db.Database.SqlQueryRaw<int>("SELECT page_size AS Value FROM pragma_page_size").SingleAsync(ct);
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(StoreMigrator)) ?? NullLogger.Instance;
            if (kept != asked) LogPageSizeKept(logger, kept, asked);
        }
        await db.Database.MigrateAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The store keeps the {Kept}-byte pages it was created with; Store:PageSize ({Asked}) applies only to a new store.")]
    private static partial void LogPageSizeKept(ILogger logger, int kept, int asked);
}
