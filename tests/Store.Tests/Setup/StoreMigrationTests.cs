using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Setup;

/// <summary>
/// The migrations of each provider on a database that has nothing in it yet, as on a first start.
/// Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.
/// </summary>
public abstract class StoreMigrationTests(IStoreBackend backend) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "store-migrations-" + Guid.NewGuid().ToString("N"));
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _database = await backend.CreateDatabaseAsync(_folder);
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Provider"] = backend.Provider,
                ["ConnectionStrings:Store"] = _database.ConnectionString,
            })
            .Build();
        _services = new ServiceCollection().AddLogging().AddStore(config, _folder).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private async Task<T> Db<T>(Func<StoreDbContext, Task<T>> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }

    [Fact]
    public async Task MigrateAsync_CreatesTheWholeModel_OnAnEmptyDatabase()
    {
        Assert.Empty(await Db(async db => (await db.Database.GetAppliedMigrationsAsync()).ToList()));

        await StoreMigrator.MigrateAsync(_services);

        await Db(async db =>
        {
            Assert.Equal(backend.Provider == "Postgres" ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            // This provider's migrations build exactly the model the code uses.
            Assert.False(db.Database.HasPendingModelChanges());
            // Every table is there and answers.
            Assert.Equal(0, await db.People.CountAsync() + await db.Surveys.CountAsync() + await db.SurveyVersions.CountAsync()
                + await db.Sessions.CountAsync() + await db.Answers.CountAsync() + await db.InboundMessages.CountAsync()
                + await db.OptOuts.CountAsync() + await db.OutboxMessages.CountAsync() + await db.BotStateItems.CountAsync());
            return 0;
        });
    }

    [Fact]
    public async Task MigrateAsync_ASecondTime_ChangesNothing_AndKeepsTheRows()
    {
        await StoreMigrator.MigrateAsync(_services);
        var applied = await Db(async db => (await db.Database.GetAppliedMigrationsAsync()).ToList());
        await Db(async db =>
        {
            db.People.Add(new Person { Id = Guid.NewGuid(), Phone = "+447700900123" });
            return await db.SaveChangesAsync();
        });

        // Every node runs this at every start.
        await StoreMigrator.MigrateAsync(_services);

        Assert.Equal(applied, await Db(async db => (await db.Database.GetAppliedMigrationsAsync()).ToList()));
        Assert.Equal("+447700900123", await Db(db => db.People.Select(p => p.Phone).SingleAsync()));
    }

    /// <summary>
    /// A store written before the SafetyGuards migration can hold what its unique indexes
    /// forbid (races left two open surveys for one person). The migration keeps the latest open
    /// and sets the older aside, instead of failing to start.
    /// </summary>
    [Fact]
    public async Task MigrateAsync_KeepsTheLatestOpenSessionPerPerson_WhenAnOlderStoreHasSeveral()
    {
        var before = await Db(db => Task.FromResult(db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_SafetyGuards", StringComparison.Ordinal)).Last()));
        await Db(async db =>
        {
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
            return 0;
        });
        var (person, older, latest) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var sqlite = backend.Provider == "Sqlite";
        object Id(Guid id) => sqlite ? id.ToString("D").ToUpperInvariant() : id;
        object At(int minute) => sqlite ? (object)(long)minute : new DateTimeOffset(2026, 3, 2, 10, minute, 0, TimeSpan.Zero);
        await Db(async db =>
        {
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "Surveys" ("Id", "Title", "Keyword", "Status", "CreatedAt") VALUES ('checkin', 'Check-in', 'CHECKIN', 'Published', {0})""", At(0));
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "People" ("Id", "Phone", "EasyRead", "SlowPace", "CreatedAt", "UpdatedAt") VALUES ({0}, '+447700900123', FALSE, FALSE, {1}, {1})""", Id(person), At(0));
            foreach (var (session, minute) in new[] { (older, 1), (latest, 2) })
            {
                await db.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO "Sessions" ("Id", "PersonId", "SurveyId", "Version", "Channel", "Status", "StateJson", "StartedAt", "LastActivityAt", "Revision")
                    VALUES ({0}, {1}, 'checkin', 1, 'Sms', 'Active', '{{}}', {2}, {2}, 1)
                    """, Id(session), Id(person), At(minute));
            }
            return 0;
        });

        await StoreMigrator.MigrateAsync(_services);

        var statuses = await Db(db => db.Sessions.Select(s => new { s.Id, s.Status }).ToDictionaryAsync(s => s.Id, s => s.Status));
        Assert.Equal(CoProduction.Surveys.Engine.SessionStatus.Active, statuses[latest]);
        Assert.Equal(CoProduction.Surveys.Engine.SessionStatus.Abandoned, statuses[older]);
    }

    public sealed class OnSqlite() : StoreMigrationTests(SqliteBackend.Instance);

    /// <summary>A brand-new database from the server for each test, not the emptied per-class one.</summary>
    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StoreMigrationTests(server);
}
