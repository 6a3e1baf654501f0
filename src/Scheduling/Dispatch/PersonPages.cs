using System.Data.Common;
using System.Runtime.CompilerServices;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>One person a job may invite: what the invitation needs to know about them.</summary>
internal sealed record Invitee(Guid Id, Channel? PreferredChannel, string? TimeZone, DateOnly? NextCheckin);

/// <summary>
/// The people a job invites, a page at a time in order of id ("after the last id of the page
/// before", which an index answers directly), so a round or a day of check-ins for a million
/// people never holds them all: memory stays at one page. Each page is its own short read, so
/// the job can write its invitations between pages (SQLite allows one writer, and a read held
/// open across the writes would keep the write-ahead log from being checkpointed).
/// </summary>
internal static class PersonPages
{
    /// <summary>Everyone in any of <paramref name="groups"/>, each once.</summary>
    public static IAsyncEnumerable<IReadOnlyList<Invitee>> InGroupsAsync(StoreDbContext db, IReadOnlyList<string> groups, int pageSize, CancellationToken ct)
    {
        var shape = Shape.For(db);
        var groupList = string.Join(", ", groups.Select((_, i) => $"@g{i}"));
        // The page of ids comes from the groups' key alone, in its own order (no sort of the whole
        // group for each page); then those people.
        var sql = $"SELECT p.{shape.Id}, p.{shape.Channel}, p.{shape.TimeZone}, p.{shape.NextCheckin} FROM {shape.People} p "
            + $"WHERE p.{shape.Id} IN (SELECT DISTINCT g.{shape.GroupPerson} FROM {shape.Groups} g "
            + $"WHERE g.{shape.GroupName} IN ({groupList}) AND g.{shape.GroupPerson} > @after ORDER BY g.{shape.GroupPerson} LIMIT {pageSize}) "
            + $"ORDER BY p.{shape.Id}";
        return PagesAsync(db, shape, sql, command =>
        {
            for (var i = 0; i < groups.Count; i++) command.Parameters.Add(shape.GroupMapping.CreateParameter(command, $"@g{i}", groups[i], false));
        }, pageSize, ct);
    }

    /// <summary>Everyone whose next check-in is on or before <paramref name="horizon"/>.</summary>
    public static IAsyncEnumerable<IReadOnlyList<Invitee>> DueByAsync(StoreDbContext db, DateOnly horizon, int pageSize, CancellationToken ct)
    {
        var shape = Shape.For(db);
        var sql = $"SELECT p.{shape.Id}, p.{shape.Channel}, p.{shape.TimeZone}, p.{shape.NextCheckin} FROM {shape.People} p "
            + $"WHERE p.{shape.NextCheckin} IS NOT NULL AND p.{shape.NextCheckin} <= @horizon AND p.{shape.Id} > @after ORDER BY p.{shape.Id} LIMIT {pageSize}";
        return PagesAsync(db, shape, sql, command =>
            command.Parameters.Add(shape.DateMapping.CreateParameter(command, "@horizon", Provider(shape.DateMapping, horizon), true)), pageSize, ct);
    }

    private static async IAsyncEnumerable<IReadOnlyList<Invitee>> PagesAsync(
        StoreDbContext db, Shape shape, string sql, Action<DbCommand> bind, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = Guid.Empty;
        while (true)
        {
            var page = new List<Invitee>(pageSize);
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = sql;
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                bind(command);
                command.Parameters.Add(shape.IdMapping.CreateParameter(command, "@after", Provider(shape.IdMapping, after), false));
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    page.Add(new Invitee(
                        reader.GetFieldValue<Guid>(0),
                        reader.IsDBNull(1) ? null : (Channel?)shape.ChannelMapping.Converter!.ConvertFromProvider(reader.GetValue(1)),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.IsDBNull(3) ? null : (DateOnly?)FromProvider(shape.DateMapping, reader, 3)));
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            if (page.Count == 0) yield break;
            yield return page;
            if (page.Count < pageSize) yield break;
            after = page[^1].Id;
        }
    }

    private static object Provider(RelationalTypeMapping mapping, object value) =>
        mapping.Converter is { } converter ? converter.ConvertToProvider(value)! : value;

    private static object FromProvider(RelationalTypeMapping mapping, DbDataReader reader, int ordinal) =>
        mapping.Converter is { } converter ? converter.ConvertFromProvider(reader.GetValue(ordinal))! : reader.GetFieldValue<DateOnly>(ordinal);

    /// <summary>Table and column names and type mappings, from the EF model, worked out once per model.</summary>
    private sealed class Shape
    {
        private static readonly ConditionalWeakTable<IModel, Shape> Cache = new();

        public required string People, Id, Channel, TimeZone, NextCheckin, Groups, GroupPerson, GroupName;
        public required RelationalTypeMapping IdMapping, ChannelMapping, DateMapping, GroupMapping;

        public static Shape For(StoreDbContext db) => Cache.GetValue(db.Model, _ =>
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var people = db.Model.FindEntityType(typeof(Person))!;
            var groups = db.Model.FindEntityType(typeof(PersonGroup))!;
            var peopleTable = StoreObjectIdentifier.Table(people.GetTableName()!, people.GetSchema());
            var groupTable = StoreObjectIdentifier.Table(groups.GetTableName()!, groups.GetSchema());
            IProperty P(string name) => people.FindProperty(name)!;
            IProperty G(string name) => groups.FindProperty(name)!;
            string C(IProperty p, StoreObjectIdentifier table) => sql.DelimitIdentifier(p.GetColumnName(table)!);
            RelationalTypeMapping M(IProperty p) => (RelationalTypeMapping)p.GetRelationalTypeMapping();
            return new Shape
            {
                People = sql.DelimitIdentifier(peopleTable.Name, peopleTable.Schema),
                Id = C(P(nameof(Person.Id)), peopleTable),
                Channel = C(P(nameof(Person.PreferredChannel)), peopleTable),
                TimeZone = C(P(nameof(Person.TimeZone)), peopleTable),
                NextCheckin = C(P(nameof(Person.NextCheckin)), peopleTable),
                Groups = sql.DelimitIdentifier(groupTable.Name, groupTable.Schema),
                GroupPerson = C(G(nameof(PersonGroup.PersonId)), groupTable),
                GroupName = C(G(nameof(PersonGroup.Group)), groupTable),
                IdMapping = M(P(nameof(Person.Id))),
                ChannelMapping = M(P(nameof(Person.PreferredChannel))),
                DateMapping = M(P(nameof(Person.NextCheckin))),
                GroupMapping = M(G(nameof(PersonGroup.Group))),
            };
        });
    }
}
