using CoProduction.Store.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Tests.Setup;

public sealed class StoreSetupTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "store-setup-" + Guid.NewGuid().ToString("N"));

    private static ServiceProvider Build(string root, params (string Key, string Value)[] settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddStore(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build(), root)
            .BuildServiceProvider();

    [Fact]
    public async Task MigrateAsync_StopsWithAPlainMessage_ForAnUnknownProvider()
    {
        await using var services = Build(_root, ("Store:Provider", "Mysql"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StoreMigrator.MigrateAsync(services));

        Assert.Contains("Store:Provider must be Sqlite or Postgres", error.Message);
    }

    [Fact]
    public async Task MigrateAsync_CreatesTheDefaultSqliteFileInTheDataFolder_InWalMode()
    {
        await using (var services = Build(_root))
        {
            await StoreMigrator.MigrateAsync(services);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
            Assert.Equal("wal", mode);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        Assert.True(File.Exists(Path.Combine(_root, StoreOptions.DefaultFileName)));
    }

    [Fact]
    public void ThePostgresProvider_GivesThePostgresContext()
    {
        using var services = Build(_root, ("Store:Provider", "postgres"), ("ConnectionStrings:Store", "Host=127.0.0.1;Database=none"));
        using var scope = services.CreateScope();

        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();

        Assert.IsType<PostgresStoreDbContext>(db);
        Assert.True(db.Database.IsNpgsql());
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (DirectoryNotFoundException) { } catch (IOException) { }
    }
}
