using CoProduction.Store.Catalog;
using CoProduction.Store.Library;
using CoProduction.Store.Model;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Catalog;

/// <summary>
/// Every turn reads the catalog's stamp (<see cref="SurveyCatalogProvider.StampColumns"/>) with its load, and a node
/// reloads its catalog when the stamp is not the one it loaded with. The stamp is one row that the store's own triggers
/// change whenever a survey or a version changes (<see cref="Migrations.CatalogStampTriggers"/>), so a second node sees
/// a change made by any path: the library, EF, an operator's SQL. Runs on SQLite and on PostgreSQL (nested
/// <see cref="OnSqlite"/>, <see cref="OnPostgres"/>).
/// </summary>
public abstract class CatalogStampTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>Another node: a catalog provider of its own (its own snapshot) on the same store.</summary>
    private SurveyCatalogProvider SecondNode() => new(new SurveyDefinitionCache(_store.Parser));

    private Task<ISurveyCatalog> CatalogOf(SurveyCatalogProvider node) =>
        _store.Db(db => node.GetAsync(db, CancellationToken.None));

    private Task<long> StampAsync() => _store.Db(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = SurveyCatalogProvider.StampSql;
            var address = command.CreateParameter();
            (address.ParameterName, address.Value) = ("@address", "sms:+447700900001");
            command.Parameters.Add(address);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return SurveyCatalogProvider.ReadStamp(reader).Stamp.Value;
        }
        finally { await db.Database.CloseConnectionAsync(); }
    });

    private Task<int> Sql(string sql) => _store.Db(db => db.Database.ExecuteSqlRawAsync(sql));

    [Fact]
    public async Task ASecondNode_SeesANewlyPublishedVersion_AndAnOperatorsDirectChanges_OnItsNextRead()
    {
        await _store.PublishAsync(SampleSurveys.Checkin(), "1");
        var node = SecondNode();
        var first = await CatalogOf(node);

        // Nothing the catalog is built from changed: the node keeps its snapshot.
        var unchanged = await CatalogOf(node);
        await _store.PublishAsync(SampleSurveys.Checkin(title: "Check-in two"), "2");
        var published = await CatalogOf(node);
        // An operator's own statements, not the library: the version's keyword, then the survey retired.
        await Sql("""UPDATE "SurveyVersions" SET "Keyword" = 'YEARLY' WHERE "SurveyId" = 'checkin' AND "Version" = 2""");
        var rekeyed = await CatalogOf(node);
        await Sql("""UPDATE "Surveys" SET "Status" = 'Retired' WHERE "Id" = 'checkin'""");
        var retired = await CatalogOf(node);

        Assert.Equal(1, first.FindByKeyword("CHECKIN")?.Version);
        Assert.Same(first, unchanged);
        Assert.Equal(2, published.FindByKeyword("CHECKIN")?.Version);
        Assert.Equal((null, 2), (rekeyed.FindByKeyword("CHECKIN")?.Version, rekeyed.FindByKeyword("yearly")?.Version));
        Assert.Null(retired.FindByKeyword("yearly"));
        Assert.Equal(2, retired.Find("checkin", 2)?.Version);
    }

    [Fact]
    public async Task TheStamp_ChangesWithEveryInsertUpdateAndDeleteOfASurveyOrVersion_AndWithNothingElse()
    {
        await _store.PublishAsync(SampleSurveys.Checkin());
        var stamps = new List<(string Change, long Stamp)> { ("published", await StampAsync()) };
        async Task After(string change, Func<Task> make)
        {
            await make();
            stamps.Add((change, await StampAsync()));
        }

        await After("survey inserted", () => _store.Db(async db =>
        {
            db.Surveys.Add(new Survey { Id = "other", Title = "Other", Keyword = "OTHER", CreatedAt = TestStore.Start });
            return await db.SaveChangesAsync();
        }));
        await After("version inserted", () => _store.Db(async db =>
        {
            db.SurveyVersions.Add(new SurveyVersion { SurveyId = "other", Version = 1, Yaml = "id: other", Keyword = "OTHER", CreatedAt = TestStore.Start });
            return await db.SaveChangesAsync();
        }));
        await After("version updated", () => Sql("""UPDATE "SurveyVersions" SET "Yaml" = 'id: other2' WHERE "SurveyId" = 'other'"""));
        await After("survey updated", () => Sql("""UPDATE "Surveys" SET "Title" = 'Another' WHERE "Id" = 'other'"""));
        await After("version deleted", () => Sql("""DELETE FROM "SurveyVersions" WHERE "SurveyId" = 'other'"""));
        await After("survey deleted", () => Sql("""DELETE FROM "Surveys" WHERE "Id" = 'other'"""));
        var changed = stamps.ToList();

        // Statements that change no survey or version: one that matches no row, and a turn's own tables.
        await After("no row updated", () => Sql("""UPDATE "Surveys" SET "Title" = 'None' WHERE "Id" = 'nobody'"""));
        await After("a person and a pilot run", () => _store.Db(async db =>
        {
            db.People.Add(new Person { Id = Guid.NewGuid(), Phone = "+447700900001" });
            db.PilotRuns.Add(new PilotRun { Id = Guid.NewGuid(), SurveyId = "checkin", Version = 1, MemberId = Guid.NewGuid(), Channel = Channel.Sms, Address = "sms:+447700900009", StartedAt = TestStore.Start });
            return await db.SaveChangesAsync();
        }));

        for (var i = 1; i < changed.Count; i++) Assert.True(changed[i].Stamp != changed[i - 1].Stamp, $"The stamp did not change when a {changed[i].Change}.");
        Assert.Equal([changed[^1].Stamp, changed[^1].Stamp], stamps.Skip(changed.Count).Select(s => s.Stamp));
    }

    [Fact]
    public async Task AStampRowDeletedByAnOperator_ReadsAsAStampOfItsOwn_AndTheNextChangeSetsItAgain()
    {
        await _store.PublishAsync(SampleSurveys.Checkin(), "1");
        var node = SecondNode();
        var before = await CatalogOf(node);

        await Sql("""DELETE FROM "CatalogStamp" """);
        var emptied = await StampAsync();
        var afterEmptied = await CatalogOf(node);
        await _store.PublishAsync(SampleSurveys.Checkin(title: "Check-in two"), "2");
        var rows = await _store.Db(db => db.Set<CatalogStampRow>().Select(r => r.Value).ToListAsync());

        Assert.Equal(0, emptied);
        Assert.Equal(1, afterEmptied.FindByKeyword("CHECKIN")?.Version);
        Assert.NotSame(before, afterEmptied);
        Assert.Equal([await StampAsync()], rows);
        Assert.Equal(2, (await CatalogOf(node)).FindByKeyword("CHECKIN")?.Version);
    }

    public sealed class OnSqlite() : CatalogStampTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : CatalogStampTests(server.DatabaseFor<OnPostgres>());
}
