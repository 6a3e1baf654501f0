using System.Globalization;
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

    /// <summary>
    /// Before the SurveyStageColumn migration the stage was worked out on every read; the
    /// migration fills the new column the same way from the columns of the time, so no survey
    /// changes stage on upgrade. One row per way of reaching each stage.
    /// </summary>
    [Fact]
    public async Task MigrateAsync_FillsEachSurveysStage_FromTheColumnsItWasWorkedOutFrom()
    {
        var before = await Db(db => Task.FromResult(db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_SurveyStageColumn", StringComparison.Ordinal)).Last()));
        await Db(async db =>
        {
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
            return 0;
        });
        var sqlite = backend.Provider == "Sqlite";
        object At = sqlite ? 0L : new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var (expert, staff) = (Guid.NewGuid(), Guid.NewGuid());
        object Id(Guid id) => sqlite ? id.ToString("D").ToUpperInvariant() : id;
        static string Sql(int? version) => version?.ToString(CultureInfo.InvariantCulture) ?? "NULL";
        // (survey, Status, PublishedVersion, ReviewRequestedVersion, versions, approvals of the latest: members, or null for configuration)
        var rows = new (string Id, string Status, int? Published, int? Requested, int Versions, Guid?[] Approvers, string Expected)[]
        {
            ("draft", "Draft", null, null, 1, [], "Draft"),
            ("asked", "InReview", null, 1, 1, [], "InReview"),
            ("one-approval", "InReview", null, 1, 1, [expert], "InReview"),
            ("quorum", "Approved", null, 1, 1, [expert, staff], "Approved"),
            ("quorum-no-expert", "InReview", null, 1, 1, [staff], "InReview"),
            ("shipped", "Draft", null, null, 1, [null], "Approved"),
            ("live", "Published", 1, 1, 1, [expert, staff], "Published"),
            ("live-next-draft", "Published", 1, 1, 2, [], "Draft"),
            ("live-next-asked", "Published", 1, 2, 2, [expert], "InReview"),
            ("live-next-quorum", "Published", 1, 2, 2, [staff, expert], "Approved"),
            ("retired", "Retired", 1, 1, 1, [expert, staff], "Retired"),
        };
        await Db(async db =>
        {
            foreach (var (member, role) in new[] { (expert, "ExpertByExperience"), (staff, "Staff") })
            {
                await db.Database.ExecuteSqlRawAsync(
                    """INSERT INTO "BoardMembers" ("Id", "Name", "Role", "JoinedAt") VALUES ({0}, 'Member', {1}, {2})""", Id(member), role, At);
            }
            foreach (var row in rows)
            {
                // The versions are this table's own numbers, written into the SQL (a null parameter has no type).
                var insert = $$"""INSERT INTO "Surveys" ("Id", "Title", "Keyword", "Status", "CreatedAt", "PublishedVersion", "ReviewRequestedVersion") VALUES ({0}, 'A survey', {0}, {1}, {2}, {{Sql(row.Published)}}, {{Sql(row.Requested)}})""";
                await db.Database.ExecuteSqlRawAsync(insert, row.Id, row.Status, At);
                for (var version = 1; version <= row.Versions; version++)
                {
                    await db.Database.ExecuteSqlRawAsync(
                        """INSERT INTO "SurveyVersions" ("SurveyId", "Version", "Yaml", "Keyword", "KeywordsByLanguage", "CreatedAt") VALUES ({0}, {1}, 'id: x', {0}, '{{}}', {2})""",
                        row.Id, version, At);
                }
                foreach (var member in row.Approvers)
                {
                    if (member is { } m)
                    {
                        await db.Database.ExecuteSqlRawAsync(
                            """INSERT INTO "Approvals" ("SurveyId", "Version", "MemberId", "At") VALUES ({0}, {1}, {2}, {3})""", row.Id, row.Versions, Id(m), At);
                    }
                    else
                    {
                        await db.Database.ExecuteSqlRawAsync(
                            """INSERT INTO "Approvals" ("SurveyId", "Version", "Note", "At") VALUES ({0}, {1}, 'shipped', {2})""", row.Id, row.Versions, At);
                    }
                }
            }
            return 0;
        });

        await StoreMigrator.MigrateAsync(_services);

        var stages = await Db(db => db.Surveys.ToDictionaryAsync(s => s.Id, s => s.Stage.ToString()));
        Assert.Equal(rows.ToDictionary(r => r.Id, r => r.Expected), stages);
    }

    /// <summary>
    /// The CatalogStamp migration replaces the four counts every turn made with one row that the store's own triggers
    /// change: on a store that already has surveys it sets the row, and the surveys' next change, by any path, changes it.
    /// </summary>
    [Fact]
    public async Task MigrateAsync_SetsTheCatalogStamp_OnAStoreWithSurveys_AndTheirNextChangeChangesIt()
    {
        var before = await Db(db => Task.FromResult(db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_CatalogStamp", StringComparison.Ordinal)).Last()));
        await Db(async db =>
        {
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
            return 0;
        });
        object at = backend.Provider == "Sqlite" ? 0L : new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        await Db(db => db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "Surveys" ("Id", "Title", "Keyword", "Status", "Stage", "CreatedAt") VALUES ('checkin', 'Check-in', 'CHECKIN', 'Published', 'Published', {0})""", at));

        await StoreMigrator.MigrateAsync(_services);
        var set = await Db(db => db.Set<CoProduction.Store.Catalog.CatalogStampRow>().Select(r => new { r.Id, r.Value }).ToListAsync());
        await Db(db => db.Database.ExecuteSqlRawAsync("""UPDATE "Surveys" SET "Title" = 'Yearly check-in'"""));
        var changed = await Db(db => db.Set<CoProduction.Store.Catalog.CatalogStampRow>().Select(r => new { r.Id, r.Value }).ToListAsync());

        Assert.Equal(CoProduction.Store.Catalog.CatalogStampRow.TheRow, Assert.Single(set).Id);
        Assert.Equal(CoProduction.Store.Catalog.CatalogStampRow.TheRow, Assert.Single(changed).Id);
        Assert.NotEqual(set[0].Value, changed[0].Value);
    }

    /// <summary>
    /// The AnswerSessionPersonKey migration gives the answers one key to their session and its person. A store edited by
    /// hand may hold an answer whose person is not its session's: it takes its session's person, and the store starts.
    /// </summary>
    [Fact]
    public async Task MigrateAsync_GivesAnAnswerWhosePersonIsNotItsSessionsPerson_ItsSessionsPerson()
    {
        var before = await Db(db => Task.FromResult(db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_AnswerSessionPersonKey", StringComparison.Ordinal)).Last()));
        await Db(async db =>
        {
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
            return 0;
        });
        var sqlite = backend.Provider == "Sqlite";
        object Id(Guid id) => sqlite ? id.ToString("D").ToUpperInvariant() : id;
        object at = sqlite ? 0L : new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var (alex, bea, session) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await Db(async db =>
        {
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "Surveys" ("Id", "Title", "Keyword", "Status", "Stage", "CreatedAt") VALUES ('checkin', 'Check-in', 'CHECKIN', 'Published', 'Published', {0})""", at);
            foreach (var (person, phone) in new[] { (alex, "+447700900123"), (bea, "+447700900456") })
            {
                await db.Database.ExecuteSqlRawAsync(
                    """INSERT INTO "People" ("Id", "Phone", "EasyRead", "SlowPace", "CreatedAt", "UpdatedAt") VALUES ({0}, {1}, FALSE, FALSE, {2}, {2})""", Id(person), phone, at);
            }
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "Sessions" ("Id", "PersonId", "SurveyId", "Version", "Channel", "Status", "StateJson", "StartedAt", "LastActivityAt", "Revision", "Pilot")
                VALUES ({0}, {1}, 'checkin', 1, 'Sms', 'Completed', '{{}}', {2}, {2}, 1, FALSE)
                """, Id(session), Id(alex), at);
            foreach (var person in new[] { alex, bea })
            {
                await db.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO "Answers" ("SessionId", "PersonId", "SurveyId", "Version", "QuestionId", "Raw", "Value", "Status", "Channel", "At")
                    VALUES ({0}, {1}, 'checkin', 1, 'happy', '4', '4', 'Answered', 'Sms', {2})
                    """, Id(session), Id(person), at);
            }
            return 0;
        });

        await StoreMigrator.MigrateAsync(_services);

        Assert.Equal([alex, alex], await Db(db => db.Answers.OrderBy(a => a.Id).Select(a => a.PersonId).ToListAsync()));
    }

    public sealed class OnSqlite() : StoreMigrationTests(SqliteBackend.Instance);

    /// <summary>A brand-new database from the server for each test, not the emptied per-class one.</summary>
    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StoreMigrationTests(server);
}
