using System.Data.Common;
using CoProduction.Store.Catalog;
using CoProduction.Store.Library;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Catalog;

/// <summary>
/// Every turn reads the catalog's stamp (<see cref="SurveyCatalogProvider.StampColumns"/>) with its load. The count of
/// published versions is taken from their own index: from the table, SQLite read every version's row past its YAML
/// (every overflow page of every version) whenever the connection's page cache had been dropped, so a turn cost more the
/// more versions the catalog held. Runs on SQLite and on PostgreSQL (nested <see cref="OnSqlite"/>, <see cref="OnPostgres"/>).
/// </summary>
public abstract class CatalogStampIndexTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<T> OnConnection<T>(Func<DbConnection, Task<T>> work) => _store.Db(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try { return await work(connection); }
        finally { await db.Database.CloseConnectionAsync(); }
    });

    private Task<long[]> StampAsync() => OnConnection(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SurveyCatalogProvider.StampSql;
        var address = command.CreateParameter();
        (address.ParameterName, address.Value) = ("@address", "sms:+447700900001");
        command.Parameters.Add(address);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64).ToArray();
    });

    [Fact]
    public async Task TheStamp_CountsOnlyPublishedVersions_AndChangesWhenOneIsPublished()
    {
        await _store.PublishAsync(SampleSurveys.Checkin(), "1");
        await _store.PublishAsync(SampleSurveys.Checkin(title: "Check-in two"), "2");
        // A third version imported but not published: a version, not a published one.
        await _store.InScope(sp => sp.GetRequiredService<SurveyLibrary>()
            .ImportAsync(_store.Parser.FileFor(SampleSurveys.Checkin(title: "Check-in three"), "3"), CancellationToken.None));
        var before = await StampAsync();

        await _store.InScope(sp => sp.GetRequiredService<SurveyLibrary>().PublishAsync("checkin", CancellationToken.None));
        var after = await StampAsync();

        // Versions, published versions, published surveys, their published versions' sum, pilot runs here.
        Assert.Equal(new long[] { 3, 2, 1, 2, 0 }, before);
        Assert.Equal(new long[] { 3, 3, 1, 3, 0 }, after);
    }

    [Fact]
    public async Task ThePublishedVersions_AreCountedFromTheirIndex_NotFromTheRowsHoldingTheYaml()
    {
        await _store.PublishAsync(SampleSurveys.Checkin());
        var sqlite = _store.Backend.Provider == "Sqlite";
        var found = await OnConnection(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sqlite
                ? "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM \"SurveyVersions\" WHERE \"PublishedAt\" IS NOT NULL"
                : "SELECT indexdef FROM pg_indexes WHERE tablename = 'SurveyVersions'";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(reader.FieldCount - 1));
            return rows;
        });

        if (sqlite) Assert.Contains(found, row => row.Contains("COVERING INDEX IX_SurveyVersions_PublishedAt"));
        else Assert.Contains(found, row => row.Contains("IX_SurveyVersions_PublishedAt") && row.Contains("(\"PublishedAt\")"));
    }

    public sealed class OnSqlite() : CatalogStampIndexTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : CatalogStampIndexTests(server.DatabaseFor<OnPostgres>());
}
