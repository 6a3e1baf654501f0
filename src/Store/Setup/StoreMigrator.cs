using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Setup;

/// <summary>Brings the store's schema up to date at start, before the first request.</summary>
public static class StoreMigrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers (the staff pages) go on while a webhook writes. The mode is kept
            // in the database file, so setting it once here covers every later connection.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        await db.Database.MigrateAsync(ct);
    }
}
