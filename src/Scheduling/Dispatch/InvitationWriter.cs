using System.Data.Common;
using System.Text;
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
/// the whole batch fail. This is one prepared, parameterised INSERT per row (SQLite: no round
/// trips, so one row a statement is the fastest) or per 100 rows (PostgreSQL: fewer round trips),
/// one transaction per batch. Columns and value conversions come from the EF model, so the rows
/// are exactly what EF itself would write.
/// </remarks>
internal static class InvitationWriter
{
    public static async Task<int> AddMissingAsync(StoreDbContext db, IReadOnlyList<Invitation> candidates, CancellationToken ct)
    {
        if (candidates.Count == 0) return 0;
        var shape = Shape.For(db);
        var rowsPerStatement = db.Database.IsSqlite() ? 1 : 100;

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            try
            {
                var connection = db.Database.GetDbConnection();
                var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
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
                            command = full ??= shape.Command(connection, transaction, rows, candidates[start]);
                        }
                        else
                        {
                            command = shape.Command(connection, transaction, rows, candidates[start]);
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
                if (own is not null) await own.CommitAsync(ct);
                return created;
            }
            finally
            {
                if (own is not null) await own.DisposeAsync();
            }
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
            _getters = _properties.Select(p =>
            {
                var info = p.PropertyInfo ?? throw new InvalidOperationException($"Invitation.{p.Name} has no CLR property");
                return (Func<Invitation, object?>)(i => info.GetValue(i));
            }).ToArray();
            var key = entity.FindProperty(nameof(Invitation.IdempotencyKey))!;
            _conflict = $" ON CONFLICT ({sql.DelimitIdentifier(key.GetColumnName(table)!)}) DO NOTHING";
        }

        public static Shape For(StoreDbContext db) => Cache.GetValue(db.Model, _ => new Shape(db));

        public DbCommand Command(DbConnection connection, DbTransaction transaction, int rows, Invitation sample)
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
                    command.Parameters.Add(_mappings[c].CreateParameter(command, name, _getters[c](sample), _properties[c].IsNullable));
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
                    var value = _getters[c](invitation);
                    if (value is not null && _mappings[c].Converter is { } converter) value = converter.ConvertToProvider(value);
                    parameters[r * _properties.Length + c].Value = value ?? DBNull.Value;
                }
            }
        }
    }
}
