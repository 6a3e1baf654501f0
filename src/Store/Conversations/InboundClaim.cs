using System.Data.Common;
using System.Runtime.CompilerServices;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoProduction.Store.Conversations;

/// <summary>
/// Claims an inbound message id as the first statement of a turn's transaction:
/// <c>INSERT ... ON CONFLICT (id) DO NOTHING</c>, and the id is ours when it inserted a row.
/// A SELECT first would not do (two copies of one webhook can both find nothing); an EF
/// SaveChanges of its own was the second SaveChanges of every turn (a profile of the turn
/// benchmark put it at about 6% of a turn), and folding the row into the turn's own SaveChanges
/// would let another unique index (a new person, an open survey) fail first and hide the
/// duplicate. On PostgreSQL a copy arriving while the first is uncommitted waits for it, then
/// inserts nothing. The SQL and the column conversions come from the EF model, once per model.
/// </summary>
internal sealed class InboundClaim
{
    private static readonly ConditionalWeakTable<IModel, InboundClaim> ByModel = new();

    private readonly string _sql;
    private readonly IProperty[] _columns;
    private readonly RelationalTypeMapping[] _mappings;

    private InboundClaim(StoreDbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(InboundMessage))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        _columns =
        [
            entity.FindProperty(nameof(InboundMessage.MessageId))!,
            entity.FindProperty(nameof(InboundMessage.Channel))!,
            entity.FindProperty(nameof(InboundMessage.ReceivedAt))!,
            entity.FindProperty(nameof(InboundMessage.RepliesJson))!,
        ];
        _mappings = _columns.Select(c => (RelationalTypeMapping)c.GetRelationalTypeMapping()).ToArray();
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        _sql = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", _columns.Select(Column))}) "
            + $"VALUES (@m, @c, @r, @j) ON CONFLICT ({Column(_columns[0])}) DO NOTHING";
    }

    /// <summary>True when this turn holds the message id now; false when it was recorded before.
    /// Call inside the turn's transaction: a rollback gives the id back.</summary>
    public static async Task<bool> TryAsync(
        StoreDbContext db, string messageId, Channel channel, IReadOnlyList<string> replies, DateTimeOffset now, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("An inbound message is claimed inside the turn's transaction.");
        var (sql, parameters) = Statement(db, command, messageId, channel, replies, now);
        command.CommandText = sql;
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The claim as a statement to run with others (one row changed: the id is this turn's).
    /// Its values are checked first, as the stored-value guard checks a SaveChanges.</summary>
    public static (string Sql, DbParameter[] Parameters) Statement(
        StoreDbContext db, DbCommand scratch, string messageId, Channel channel, IReadOnlyList<string> replies, DateTimeOffset now)
    {
        var claim = ByModel.GetValue(db.Model, _ => new InboundClaim(db));
        var repliesJson = StateJson.Serialize(replies);
        StoredValueGuard.CheckValue(claim._columns[0], messageId);
        StoredValueGuard.CheckValue(claim._columns[3], repliesJson);
        object[] values = [messageId, channel, now, repliesJson];
        var parameters = new DbParameter[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i] = claim._mappings[i].CreateParameter(scratch, Names[i], values[i], nullable: false);
        }
        return (claim._sql, parameters);
    }

    private static readonly string[] Names = ["@m", "@c", "@r", "@j"];
}
