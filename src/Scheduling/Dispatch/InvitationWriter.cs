using System.Data.Common;
using System.Text;
using CoProduction.Scheduling.Bulk;
using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>
/// Inserts invitations whose keys are not there yet. Safe to run twice or on two servers at once:
/// the unique idempotency key is the guard, and each row is inserted with
/// <c>ON CONFLICT ("IdempotencyKey") DO NOTHING</c> (SQLite and PostgreSQL alike), so a batch that
/// meets keys another run already wrote makes only the missing rows, and the count returned is the
/// rows this call really inserted.
/// </summary>
/// <remarks>
/// Why not <c>AddRange</c> + <c>SaveChanges</c>: for 100,000 rows that is 100,000 tracked entities
/// and a key lookup per batch, several times slower than the insert itself; and a duplicate makes
/// the whole batch fail. This is one INSERT prepared once a batch and run a row at a time on SQLite
/// (bound by position through SQLite's own API, <see cref="SqlitePreparedRows"/>, with a bigger page
/// cache while it runs, <see cref="SqliteBulkCache"/>) or a prepared, parameterised INSERT per 100 rows on PostgreSQL
/// (fewer round trips), one transaction per batch. Columns and value conversions come from the EF
/// model, so the rows are exactly what EF itself would write. Given <see cref="TimeOrderedIds"/>,
/// the rows get ids in the order they are written, so the primary key's index is appended to.
/// </remarks>
internal static class InvitationWriter
{
    public static async Task<int> AddMissingAsync(StoreDbContext db, IReadOnlyList<Invitation> candidates, CancellationToken ct, TimeOrderedIds? ids = null)
    {
        if (candidates.Count == 0) return 0;
        if (ids is not null)
        {
            var ordered = ids.Next(candidates.Count);
            // Tokens stamped with the batch's time too, so the token's unique index is appended to
            // like the primary key's (see InvitationTokens).
            var tokens = InvitationTokens.Batch(ids.LastStamp, candidates.Count);
            for (var i = 0; i < candidates.Count; i++)
            {
                candidates[i].Id = ordered[i];
                candidates[i].Token = tokens[i];
            }
        }
        var shape = Shape.For(db);
        if (db.Database.IsSqlite()) return await AddMissingSqliteAsync(db, shape, candidates, ct);
        const int rowsPerStatement = 100;

        return await InTransactionAsync(db, async (connection, transaction) =>
        {
            var created = 0;
            DbCommand? full = null;
            try
            {
                for (var start = 0; start < candidates.Count; start += rowsPerStatement)
                {
                    var rows = Math.Min(rowsPerStatement, candidates.Count - start);
                    DbCommand command;
                    if (rows == rowsPerStatement)
                    {
                        command = full ??= shape.Command(connection, transaction, rows);
                    }
                    else
                    {
                        command = shape.Command(connection, transaction, rows);
                    }
                    shape.Bind(command, candidates, start, rows);
                    created += await command.ExecuteNonQueryAsync(ct);
                    if (!ReferenceEquals(command, full)) await command.DisposeAsync();
                }
            }
            finally
            {
                if (full is not null) await full.DisposeAsync();
            }
            return created;
        }, ct);
    }

    /// <summary>
    /// For a job that writes many batches: keeps the connection open, and on SQLite the bigger page
    /// cache, from the first batch to the last (set back when disposed), so the pages of the
    /// indexes stay in memory between batches instead of being dropped and read again each time.
    /// </summary>
    public static async Task<IAsyncDisposable> HoldAsync(StoreDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var cache = db.Database.IsSqlite() ? SqliteBulkCache.Enlarge(db.Database.GetDbConnection(), null) : null;
        return new Held(db, cache);
    }

    private sealed class Held(StoreDbContext db, SqliteBulkCache? cache) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            cache?.Dispose();
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Task<int> AddMissingSqliteAsync(StoreDbContext db, Shape shape, IReadOnlyList<Invitation> candidates, CancellationToken ct) =>
        InTransactionAsync(db, (connection, transaction) =>
        {
            var created = 0;
            using (SqliteBulkCache.Enlarge(connection, transaction))
            using (var insert = shape.Prepared(connection))
            {
                foreach (var invitation in candidates)
                {
                    ct.ThrowIfCancellationRequested();
                    shape.Bind(insert, invitation);
                    created += insert.Run();
                }
            }
            return Task.FromResult(created);
        }, ct);

    /// <summary>
    /// Runs a batch's writes on the context's connection, inside the caller's transaction when there
    /// is one, else in one of its own committed at the end (both providers write the same way).
    /// </summary>
    private static async Task<int> InTransactionAsync(StoreDbContext db, Func<DbConnection, DbTransaction, Task<int>> write, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            var created = await write(db.Database.GetDbConnection(), db.Database.CurrentTransaction!.GetDbTransaction());
            if (own is not null) await own.CommitAsync(ct);
            return created;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The INSERT for one model (SQLite or PostgreSQL), worked out once per model.</summary>
    private sealed class Shape
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IModel, Shape> Cache = new();

        private readonly string _table;
        private readonly string _columns;
        private readonly string _conflict;
        private readonly string _insertPositional;
        private readonly IProperty[] _properties;
        private readonly RelationalTypeMapping[] _mappings;
        private readonly Func<Invitation, object?>[] _getters;

        private Shape(StoreDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(Invitation))!;
            var sql = db.GetService<ISqlGenerationHelper>();
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            _table = sql.DelimitIdentifier(table.Name, table.Schema);
            _properties = entity.GetProperties().ToArray();
            _columns = string.Join(", ", _properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
            _mappings = _properties.Select(p => (RelationalTypeMapping)p.GetRelationalTypeMapping()).ToArray();
            // Stored values: through the model's converters already.
            _getters = _properties.Select(StoredValues.Reader<Invitation>).ToArray();
            var key = entity.FindProperty(nameof(Invitation.IdempotencyKey))!;
            _conflict = $" ON CONFLICT ({sql.DelimitIdentifier(key.GetColumnName(table)!)}) DO NOTHING";
            _insertPositional = $"INSERT INTO {_table} ({_columns}) VALUES ({string.Join(", ", _properties.Select((_, i) => $"?{i + 1}"))}){_conflict}";
        }

        public static Shape For(StoreDbContext db) => Cache.GetValue(db.Model, _ => new Shape(db));

        /// <summary>SQLite: the INSERT of one row, prepared once for a batch, its values bound by position.</summary>
        public SqlitePreparedRows Prepared(DbConnection connection) => new(connection, _insertPositional);

        public void Bind(SqlitePreparedRows insert, Invitation invitation)
        {
            for (var c = 0; c < _getters.Length; c++) insert.Bind(c, _getters[c](invitation));
        }

        public DbCommand Command(DbConnection connection, DbTransaction transaction, int rows)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder("INSERT INTO ").Append(_table).Append(" (").Append(_columns).Append(") VALUES ");
            for (var r = 0; r < rows; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < _properties.Length; c++)
                {
                    var name = $"@p{r}_{c}";
                    if (c > 0) text.Append(", ");
                    text.Append(name);
                    // The mapping sets the provider type (a Guid as text in SQLite, timestamptz in
                    // PostgreSQL); the value is set per row in Bind.
                    command.Parameters.Add(_mappings[c].CreateParameter(command, name, null, _properties[c].IsNullable));
                }
                text.Append(')');
            }
            command.CommandText = text.Append(_conflict).ToString();
            return command;
        }

        public void Bind(DbCommand command, IReadOnlyList<Invitation> candidates, int start, int rows)
        {
            var parameters = command.Parameters;
            for (var r = 0; r < rows; r++)
            {
                var invitation = candidates[start + r];
                for (var c = 0; c < _properties.Length; c++)
                {
                    parameters[r * _properties.Length + c].Value = _getters[c](invitation) ?? DBNull.Value;
                }
            }
        }
    }
}
