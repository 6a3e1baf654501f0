using System.Data.Common;
using System.Runtime.CompilerServices;
using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
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
/// inserts nothing. The SQL and the column conversions come from the EF model (<see cref="EntityColumns"/>).
/// </summary>
internal static class InboundClaim
{
    // The statement, written once per model from the EF model's names (EntityColumns).
    private static readonly ConditionalWeakTable<IModel, string> Sql = new();

    /// <summary>True when this turn holds the message id now; false when it was recorded before.
    /// Call inside the turn's transaction: a rollback gives the id back.</summary>
    public static async Task<bool> TryAsync(
        StoreDbContext db, string messageId, Channel channel, IReadOnlyList<string> replies, DateTimeOffset now, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("An inbound message is claimed inside the turn's transaction.");
        var (sql, parameters) = Statement(db, messageId, channel, replies, now);
        command.CommandText = sql;
        foreach (var parameter in parameters) command.Parameters.Add(((TurnValue)parameter).Create(command));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The claim as a statement to run with others (one row changed: the id is this turn's).
    /// Its values are checked first, as the stored-value guard checks a SaveChanges.</summary>
    public static (string Sql, DbParameter[] Parameters) Statement(
        StoreDbContext db, string messageId, Channel channel, IReadOnlyList<string> replies, DateTimeOffset now)
    {
        var columns = EntityColumns.For<InboundMessage>(db);
        var sql = Sql.TryGetValue(db.Model, out var built) ? built : Build(db.Model, columns);
        return (sql,
        [
            columns.Value(nameof(InboundMessage.MessageId), "@m", messageId),
            columns.Value(nameof(InboundMessage.Channel), "@c", channel),
            columns.Value(nameof(InboundMessage.ReceivedAt), "@r", now),
            columns.Value(nameof(InboundMessage.RepliesJson), "@j", StateJson.Serialize(replies)),
        ]);
    }

    // Apart from Statement: the factory's closure was an allocation on every turn.
    private static string Build(IModel model, EntityColumns columns) => Sql.GetValue(model, _ =>
        $"INSERT INTO {columns.Table} ({columns[nameof(InboundMessage.MessageId)]}, {columns[nameof(InboundMessage.Channel)]}, "
        + $"{columns[nameof(InboundMessage.ReceivedAt)]}, {columns[nameof(InboundMessage.RepliesJson)]}) "
        + $"VALUES (@m, @c, @r, @j) ON CONFLICT ({columns[nameof(InboundMessage.MessageId)]}) DO NOTHING");
}
