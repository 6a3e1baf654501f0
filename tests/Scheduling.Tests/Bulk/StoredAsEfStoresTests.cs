using System.Data.Common;
using CoProduction.Scheduling.Rounds;
using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.Bulk;

/// <summary>
/// The bulk writers (on SQLite, rows as JSON read by json_each; on PostgreSQL, parameters) store
/// each value exactly as EF stores it: the same stored text and type for Guids, times, dates,
/// booleans and enums, compared column by column with a row EF saved itself. A difference would
/// make EF's own queries miss the rows (a lower-case Guid never equals EF's upper-case one).
/// Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.
/// </summary>
public abstract class StoredAsEfStoresTests(IStoreBackend backend) : IAsyncLifetime
{
    private Harness _h = null!;

    public async Task InitializeAsync() => _h = await Harness.CreateAsync(backend: backend);
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ImportedPerson_IsStoredColumnForColumnAsEfStoresThem()
    {
        await _h.ImportAsync("name,phone,channel,language,timezone,next_checkin,groups,easy_read,slow_pace,consent_date\n"
            + "Pat,07700 900201,voice,cy,Europe/London,2026-03-14,homes,yes,no,2025-01-02\n");
        var imported = await _h.PersonAsync("+447700900201");
        var copy = await _h.Db(async db =>
        {
            var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == imported.Id);
            person.Id = Guid.CreateVersion7();
            person.Phone = "+447700900202";
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person;
        });

        var bulk = await RawRowAsync("People", "Id", imported.Id);
        var ef = await RawRowAsync("People", "Id", copy.Id);

        AssertSameExcept(bulk, ef, "Id", "Phone");
        Assert.Equal(IdShape(ef["Id"]), IdShape(bulk["Id"]));
    }

    [Fact]
    public async Task RoundInvitation_IsStoredColumnForColumnAsEfStoresIt()
    {
        await _h.ImportAsync("name,phone,channel,timezone,groups\nPat,07700 900201,voice,Europe/London,homes\n");
        var created = await _h.Run(sp => sp.GetRequiredService<RoundPlanner>().CreateAsync(
            new RoundRequest("checkin", ["homes"], "preferred", _h.Time.GetUtcNow().AddHours(1), _h.Time.GetUtcNow().AddDays(14), 3, 2), default));
        Assert.Equal(1, await _h.RoundInvitationsAsync(created.Id!.Value));
        var made = (await _h.InvitationsAsync()).Single();
        var copy = await _h.Db(async db =>
        {
            var invitation = await db.Invitations.AsNoTracking().SingleAsync(i => i.Id == made.Id);
            invitation.Id = Guid.CreateVersion7();
            invitation.IdempotencyKey += ":copy";
            invitation.Token += "c";
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync();
            return invitation;
        });
        Assert.Equal(Channel.Voice, made.Channel);

        var bulk = await RawRowAsync("Invitations", "Id", made.Id);
        var ef = await RawRowAsync("Invitations", "Id", copy.Id);

        AssertSameExcept(bulk, ef, "Id", "IdempotencyKey", "Token");
        Assert.Equal(IdShape(ef["Id"]), IdShape(bulk["Id"]));
    }

    private static void AssertSameExcept(Dictionary<string, object> bulk, Dictionary<string, object> ef, params string[] differ)
    {
        Assert.Equal(ef.Keys.Order(), bulk.Keys.Order());
        foreach (var column in ef.Keys.Except(differ))
        {
            Assert.True(Equals(ef[column], bulk[column]), $"{column}: EF stored {Show(ef[column])}, the bulk writer {Show(bulk[column])}");
        }
    }

    /// <summary>How an id is stored: its type, and as text its length and case.</summary>
    private static string IdShape(object id) =>
        id is string s ? $"text of {s.Length}, {(s == s.ToUpperInvariant() ? "upper" : "lower")} case" : id.GetType().Name;

    private static string Show(object value) => $"{value} ({value.GetType().Name})";

    /// <summary>The row as the database holds it, read without EF (SQLite gives text and integers, PostgreSQL its own types).</summary>
    private Task<Dictionary<string, object>> RawRowAsync(string table, string key, Guid id) => _h.Db(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"{key}\" = @id";
            var parameter = (DbParameter)((Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping)db.Model.FindEntityType(table == "People" ? typeof(Person) : typeof(Invitation))!
                .FindProperty(key)!.GetRelationalTypeMapping()).CreateParameter(command, "@id", id);
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"no {table} row {id}");
            return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue);
        }
        finally
        {
            await connection.CloseAsync();
        }
    });

    public sealed class OnSqlite() : StoredAsEfStoresTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StoredAsEfStoresTests(server.DatabaseFor<OnPostgres>());
}
